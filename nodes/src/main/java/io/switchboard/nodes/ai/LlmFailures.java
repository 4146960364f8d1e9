package io.switchboard.nodes.ai;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import io.switchboard.engine.spi.NodeFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * Turns what a LangChain4j model threw into a failure with a stable code, the provider's own reason
 * and whether trying again may help. Codes: {@code llm_timeout}, {@code llm_rate_limited},
 * {@code llm_unavailable}, {@code llm_unreachable} (retryable); {@code llm_auth}, {@code llm_model_not_found},
 * {@code llm_refused}, {@code llm_bad_request}, {@code llm_error} (not).
 */
public final class LlmFailures {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LlmFailures() {}

  public static NodeFailure translate(RuntimeException e, String provider, String model) {
    String who = providerName(provider);
    String reason = reason(e);
    Throwable root = rootCause(e);
    if (e instanceof TimeoutException || root instanceof HttpTimeoutException || root instanceof java.net.SocketTimeoutException) {
      return new NodeFailure("llm_timeout", who + " did not answer in time" + suffix(reason) + "; will try again.", true);
    }
    if (e instanceof RateLimitException) {
      return new NodeFailure("llm_rate_limited", who + " is rate-limiting this account (429)" + suffix(reason)
          + "; will try again later.", true);
    }
    if (e instanceof AuthenticationException) {
      return new NodeFailure("llm_auth", who + " refused the API key" + suffix(reason)
          + ". Check the AI model credential.", false);
    }
    if (e instanceof ModelNotFoundException) {
      return new NodeFailure("llm_model_not_found", who + " does not offer the model '" + model + "'" + suffix(reason) + ".", false);
    }
    if (e instanceof ContentFilteredException) {
      return new NodeFailure("llm_refused", who + " refused to answer this prompt (content policy)" + suffix(reason) + ".", false);
    }
    if (e instanceof InternalServerException || (e instanceof HttpException h && h.statusCode() >= 500)) {
      return new NodeFailure("llm_unavailable", who + " is failing or overloaded" + status(e) + suffix(reason)
          + "; will try again.", true);
    }
    if (e instanceof InvalidRequestException || (e instanceof HttpException h2 && h2.statusCode() >= 400)) {
      return new NodeFailure("llm_bad_request", who + " refused the request" + status(e) + suffix(reason) + ".", false);
    }
    if (root instanceof io.switchboard.nodes.http.SsrfGuard.RefusedHost refused) {
      return new NodeFailure("address_refused", who + " cannot be reached from Switchboard at the AI model credential's "
          + "address: " + refused.getMessage(), false);
    }
    if (e instanceof UnresolvedModelServerException || root instanceof ConnectException
        || root instanceof java.nio.channels.UnresolvedAddressException || root instanceof java.net.UnknownHostException) {
      return new NodeFailure("llm_unreachable", who + " could not be reached" + suffix(rootMessage(root)) + "; will try again.", true);
    }
    if (root instanceof tools.jackson.core.JacksonException || root instanceof com.fasterxml.jackson.core.JacksonException) {
      return new NodeFailure("llm_malformed_reply", who + " sent a reply that could not be read" + suffix(rootMessage(root))
          + "; will try again.", true);
    }
    if (root instanceof IOException) {
      return new NodeFailure("llm_unreachable", who + " closed the connection" + suffix(rootMessage(root)) + "; will try again.", true);
    }
    return new NodeFailure("llm_error", who + " failed" + suffix(reason) + ".", false);
  }

  static String providerName(String provider) {
    return LlmProvider.parse(provider).filter(p -> p != LlmProvider.SANDBOX).map(LlmProvider::displayName)
        .orElse("The AI provider");
  }

  private static String status(RuntimeException e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof HttpException h) {
        return " (" + h.statusCode() + ")";
      }
      t = t.getCause();
    }
    return "";
  }

  private static String suffix(String reason) {
    return reason.isBlank() ? "" : ": " + reason;
  }

  /** The provider's own words: {@code error.message} (OpenAI, Anthropic, Gemini) or {@code error} (Ollama) of the body. */
  static String reason(Throwable e) {
    Throwable t = e;
    String message = null;
    while (t != null) {
      if (t instanceof HttpException) {
        message = t.getMessage();
        break;
      }
      t = t.getCause();
    }
    if (message == null) {
      message = e.getMessage();
    }
    if (message == null) {
      return "";
    }
    String m = message.strip();
    int brace = m.indexOf('{');
    if (brace >= 0) {
      try {
        JsonNode body = JSON.readTree(m.substring(brace));
        JsonNode error = body.path("error");
        String said = error.isString() ? error.asString() : error.path("message").asString("");
        if (said.isEmpty()) {
          said = body.path("message").asString("");
        }
        if (!said.isEmpty()) {
          return shorten(said);
        }
      } catch (RuntimeException notJson) {
        // not a JSON body: keep the text
      }
    }
    return shorten(m);
  }

  private static String rootMessage(Throwable root) {
    String m = root.getMessage();
    return m == null ? root.getClass().getSimpleName() : shorten(m);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String shorten(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
