package io.switchboard.nodes.ai;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.switchboard.nodes.http.SsrfGuard;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP client LangChain4j's chat models use for a workspace's own model credential: it connects
 * only to addresses the {@link SsrfGuard} checked at connection time (also after redirects), so a
 * name that resolves to a public address when checked and to an internal one a moment later (DNS
 * rebinding) is refused. LangChain4j's default client resolves the name again on its own.
 */
final class GuardedModelHttp implements HttpClientBuilder {

  /** A model's reply larger than this is refused rather than held in memory. */
  static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

  private final CloseableHttpClient http;
  private Duration connectTimeout; // kept for the builder's contract; connections are made within the pool's 10 s
  private Duration readTimeout;

  private GuardedModelHttp(CloseableHttpClient http) {
    this.http = http;
  }

  /**
   * One connection pool for every guarded model call. A call holds its connection while the model
   * writes (up to the step's time limit), and every workspace's calls to one provider share its
   * host: the pool is sized so they never queue on one another. Redirects are not followed, as
   * LangChain4j's own client does not: they would carry API-key headers to another host.
   */
  static CloseableHttpClient pool(SsrfGuard guard) {
    return guard.httpClient("Switchboard/1 (+AI step)", 2_000, 2_000, false);
  }

  /** A builder over a shared pool; each chat model sets its own time limits on it. */
  static GuardedModelHttp over(CloseableHttpClient pool) {
    return new GuardedModelHttp(pool);
  }

  @Override
  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public GuardedModelHttp connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public GuardedModelHttp readTimeout(Duration timeout) {
    this.readTimeout = timeout;
    return this;
  }

  @Override
  public HttpClient build() {
    return new Client(http, readTimeout);
  }

  private record Client(CloseableHttpClient http, Duration readTimeout) implements HttpClient {

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
      try {
        return http.execute(toApache(request), context(), response -> {
          byte[] body = body(response);
          if (response.getCode() < 200 || response.getCode() >= 300) {
            throw new HttpException(response.getCode(), new String(body, StandardCharsets.UTF_8));
          }
          return SuccessfulHttpResponse.builder().statusCode(response.getCode()).headers(headers(response)).body(body).build();
        });
      } catch (InterruptedIOException e) { // a read, a connection or a free connection that took too long
        throw new TimeoutException(e);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
      // as LangChain4j's own client: the events arrive on another thread, the caller returns at once
      Thread.ofVirtual().name("model-events").start(() -> {
        try {
          http.execute(toApache(request), context(), response -> {
            if (response.getCode() < 200 || response.getCode() >= 300) {
              listener.onError(new HttpException(response.getCode(), new String(body(response), StandardCharsets.UTF_8)));
              return null;
            }
            listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.getCode()).headers(headers(response)).build());
            try (InputStream events = response.getEntity().getContent()) {
              parser.parse(events, listener);
            }
            listener.onClose();
            return null;
          });
        } catch (InterruptedIOException e) {
          listener.onError(new TimeoutException(e));
        } catch (IOException | RuntimeException e) {
          listener.onError(e);
        }
      });
    }

    // The read time limit applies to each wait for the model's bytes (a model answers in one piece
    // unless it streams), as LangChain4j's own client's does to the whole answer.
    private HttpClientContext context() {
      HttpClientContext context = HttpClientContext.create();
      RequestConfig.Builder config = RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofSeconds(30));
      if (readTimeout != null) {
        config.setResponseTimeout(Timeout.of(readTimeout));
      }
      context.setRequestConfig(config.build());
      return context;
    }
  }

  static org.apache.hc.core5.http.ClassicHttpRequest toApache(HttpRequest request) {
    ClassicRequestBuilder apache = ClassicRequestBuilder.create(request.method().name()).setUri(request.url());
    boolean multipart = !request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty();
    request.headers().forEach((name, values) -> {
      // a multipart body sets its own content type, with its boundary
      if (multipart && name.equalsIgnoreCase("Content-Type")) return;
      values.forEach(v -> apache.addHeader(name, v));
    });
    if (multipart) {
      MultipartEntityBuilder form = MultipartEntityBuilder.create().setContentType(ContentType.create("multipart/form-data"));
      request.formDataFields().forEach((name, value) -> form.addTextBody(name, value, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
      request.formDataFiles().forEach((String name, FormDataFile file) -> form.addBinaryBody(name, file.content(),
          file.contentType() == null ? ContentType.APPLICATION_OCTET_STREAM : ContentType.parse(file.contentType()), file.fileName()));
      apache.setEntity(form.build());
    } else if (request.body() != null) {
      apache.setEntity(new StringEntity(request.body(), contentType(request), false));
    }
    return apache.build();
  }

  private static ContentType contentType(HttpRequest request) {
    for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type") && !h.getValue().isEmpty()) {
        ContentType given = ContentType.parse(h.getValue().getFirst());
        return given.getCharset() == null ? given.withCharset(StandardCharsets.UTF_8) : given;
      }
    }
    return ContentType.APPLICATION_JSON;
  }

  private static byte[] body(ClassicHttpResponse response) throws IOException {
    if (response.getEntity() == null) {
      return new byte[0];
    }
    try (InputStream in = response.getEntity().getContent()) {
      byte[] bytes = in.readNBytes(MAX_REPLY_BYTES + 1);
      if (bytes.length > MAX_REPLY_BYTES) {
        throw new IOException("the reply is larger than " + MAX_REPLY_BYTES / (1024 * 1024) + " MB");
      }
      return bytes;
    }
  }

  private static Map<String, List<String>> headers(ClassicHttpResponse response) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header h : response.getHeaders()) {
      headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
    }
    return headers;
  }
}
