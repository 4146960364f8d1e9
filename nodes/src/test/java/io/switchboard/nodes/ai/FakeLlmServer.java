package io.switchboard.nodes.ai;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server on 127.0.0.1 speaking four providers' wire formats under path prefixes:
 * {@code /openai/v1/chat/completions}, {@code /anthropic/v1/messages},
 * {@code /gemini/v1beta/models/{model}:generateContent} and {@code /ollama/api/chat}. Each prefix
 * answers its scripted replies in order and records what it received.
 */
final class FakeLlmServer implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();

  record Received(String provider, String method, String path, Map<String, List<String>> headers, JsonNode body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().getFirst()).orElse(null);
    }
  }

  record Reply(int status, String body, long delayMs) {}

  private final HttpServer server;
  private final Map<String, ConcurrentLinkedDeque<Reply>> scripts = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  FakeLlmServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String provider : List.of("openai", "anthropic", "gemini", "ollama")) {
      scripts.put(provider, new ConcurrentLinkedDeque<>());
      server.createContext("/" + provider + "/", exchange -> {
        byte[] in = exchange.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? JSON.nullNode() : JSON.readTree(in);
        received.add(new Received(provider, exchange.getRequestMethod(), exchange.getRequestURI().toString(),
            Map.copyOf(exchange.getRequestHeaders()), body));
        Reply reply = scripts.get(provider).poll();
        if (reply == null) {
          reply = new Reply(500, "{\"error\": {\"message\": \"no scripted reply\"}}", 0);
        }
        if (reply.delayMs() > 0) {
          try {
            Thread.sleep(reply.delayMs());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
      });
    }
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The base URL an {@code llm} credential of this provider names. */
  String baseUrl(String provider) {
    return switch (provider) {
      case "openai", "openrouter" -> base() + "/openai/v1";
      case "anthropic" -> base() + "/anthropic/v1/";
      case "gemini" -> base() + "/gemini/v1beta";
      case "ollama" -> base() + "/ollama";
      default -> throw new IllegalArgumentException(provider);
    };
  }

  FakeLlmServer reply(String provider, int status, String body) {
    scripts.get(provider).add(new Reply(status, body, 0));
    return this;
  }

  FakeLlmServer slowReply(String provider, long delayMs, String body) {
    scripts.get(provider).add(new Reply(200, body, delayMs));
    return this;
  }

  /** A plain text answer in the provider's format, with token counts. */
  FakeLlmServer text(String provider, String text, int in, int out) {
    return reply(provider, 200, switch (provider) {
      case "openai" -> openAi(JSON.createObjectNode().put("role", "assistant").put("content", text), "stop", in, out);
      case "anthropic" -> anthropic("[{\"type\": \"text\", \"text\": " + q(text) + "}]", "end_turn", in, out);
      case "gemini" -> gemini("[{\"text\": " + q(text) + "}]", "STOP", in, out);
      case "ollama" -> ollama("{\"role\": \"assistant\", \"content\": " + q(text) + "}", in, out);
      default -> throw new IllegalArgumentException(provider);
    });
  }

  /** The model asks for one tool call, in the provider's format. */
  FakeLlmServer toolCall(String provider, String id, String name, String argumentsJson) {
    return reply(provider, 200, switch (provider) {
      case "openai" -> {
        var message = JSON.createObjectNode().put("role", "assistant").putNull("content");
        message.putArray("tool_calls").addObject().put("id", id).put("type", "function").putObject("function")
            .put("name", name).put("arguments", argumentsJson);
        yield openAi(message, "tool_calls", 20, 10);
      }
      case "anthropic" -> anthropic("[{\"type\": \"tool_use\", \"id\": " + q(id) + ", \"name\": " + q(name) + ", \"input\": "
          + argumentsJson + "}]", "tool_use", 20, 10);
      case "gemini" -> gemini("[{\"functionCall\": {\"name\": " + q(name) + ", \"args\": " + argumentsJson + "}}]", "STOP", 20, 10);
      case "ollama" -> ollama("{\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": [{\"function\": {\"name\": " + q(name)
          + ", \"arguments\": " + argumentsJson + "}}]}", 20, 10);
      default -> throw new IllegalArgumentException(provider);
    });
  }

  static String openAi(JsonNode message, String finish, int in, int out) {
    var root = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1)
        .put("model", "gpt-4o-mini-2024-07-18");
    var choice = root.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", finish);
    root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
    return JSON.writeValueAsString(root);
  }

  static String anthropic(String content, String stop, int in, int out) {
    return "{\"id\": \"msg_1\", \"type\": \"message\", \"role\": \"assistant\", \"model\": \"claude-3-5-haiku-20241022\", "
        + "\"content\": " + content + ", \"stop_reason\": \"" + stop + "\", \"usage\": {\"input_tokens\": " + in
        + ", \"output_tokens\": " + out + "}}";
  }

  static String gemini(String parts, String finish, int in, int out) {
    return "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": " + parts + "}, \"finishReason\": \"" + finish
        + "\", \"index\": 0}], \"usageMetadata\": {\"promptTokenCount\": " + in + ", \"candidatesTokenCount\": " + out
        + ", \"totalTokenCount\": " + (in + out) + "}, \"modelVersion\": \"gemini-2.0-flash\"}";
  }

  static String ollama(String message, int in, int out) {
    return "{\"model\": \"llama3.1\", \"created_at\": \"2026-01-01T00:00:00Z\", \"message\": " + message
        + ", \"done\": true, \"done_reason\": \"stop\", \"prompt_eval_count\": " + in + ", \"eval_count\": " + out + "}";
  }

  static String q(String s) {
    return JSON.writeValueAsString(s);
  }

  List<Received> of(String provider) {
    return received.stream().filter(r -> r.provider().equals(provider)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
