package io.switchboard.nodes.ai;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import io.switchboard.nodes.http.SsrfGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedModelHttpTest {

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  GuardedModelHttpTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
      String path = exchange.getRequestURI().getPath();
      byte[] reply;
      int status = 200;
      switch (path) {
        case "/events" -> {
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          reply = "event: delta\ndata: Hel\n\ndata: lo\n\n".getBytes(StandardCharsets.UTF_8);
        }
        case "/missing" -> {
          status = 404;
          reply = "{\"error\": \"no such model\"}".getBytes(StandardCharsets.UTF_8);
        }
        case "/huge" -> reply = new byte[GuardedModelHttp.MAX_REPLY_BYTES + 1];
        case "/moved" -> {
          status = 307;
          exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + "/chat");
          reply = new byte[0];
        }
        default -> {
          exchange.getResponseHeaders().add("X-Request-Id", "r-1");
          reply = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
        }
      }
      exchange.sendResponseHeaders(status, reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private HttpClient client(SsrfGuard guard) {
    return GuardedModelHttp.over(GuardedModelHttp.pool(guard)).readTimeout(Duration.ofSeconds(5)).build();
  }

  private final HttpClient allowed = client(new SsrfGuard(List.of("127.0.0.1")));

  @Test
  void shouldSendTheRequestAndGiveBackTheReplyWithItsHeaders() {
    SuccessfulHttpResponse reply = allowed.execute(HttpRequest.builder().method(HttpMethod.POST).url(url("/chat"))
        .addHeader("Content-Type", "application/json").body("{\"q\": \"héllo\"}").build());
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"ok\": true}");
    assertThat(reply.headers().get("x-request-id")).containsExactly("r-1");
    assertThat(received).containsExactly("POST /chat application/json\n{\"q\": \"héllo\"}");
  }

  @Test
  void shouldRefuseAnAddressInsideOurNetworkWhenConnecting() {
    HttpClient strict = client(SsrfGuard.strict());
    assertThatThrownBy(() -> strict.execute(HttpRequest.builder().method(HttpMethod.GET).url(url("/chat")).build()))
        .rootCause().isInstanceOf(SsrfGuard.RefusedHost.class).hasMessageContaining("not allowed");
    assertThat(received).isEmpty();
  }

  @Test
  void shouldFailWithTheStatusAndBodyOfAnErrorAndRefuseAnOversizedReply() {
    assertThatThrownBy(() -> allowed.execute(HttpRequest.builder().method(HttpMethod.GET).url(url("/missing")).build()))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.getMessage()).contains("no such model");
        });
    assertThatThrownBy(() -> allowed.execute(HttpRequest.builder().method(HttpMethod.GET).url(url("/huge")).build()))
        .rootCause().hasMessageContaining("larger than 16 MB");
  }

  @Test
  void shouldNotFollowARedirectWithTheApiKeyHeaders() {
    assertThatThrownBy(() -> allowed.execute(HttpRequest.builder().method(HttpMethod.POST).url(url("/moved"))
        .addHeader("x-api-key", "sk-secret").body("{}").build()))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.statusCode()).isEqualTo(307));
    assertThat(received).singleElement().satisfies(r -> assertThat(r).startsWith("POST /moved"));
  }

  @Test
  void shouldSendFormDataWithItsOwnBoundary() {
    allowed.execute(HttpRequest.builder().method(HttpMethod.POST).url(url("/upload"))
        .addHeader("Content-Type", "multipart/form-data")
        .addFormDataField("purpose", "transcribe")
        .addFormDataFile("file", "call.wav", "audio/wav", new byte[] {1, 2, 3}).build());
    assertThat(received).singleElement().satisfies(r -> {
      assertThat(r).startsWith("POST /upload multipart/form-data; boundary=");
      assertThat(r).contains("name=\"purpose\"").contains("transcribe").contains("filename=\"call.wav\"");
    });
  }

  @Test
  void shouldStreamServerSentEventsOnAnotherThread() throws Exception {
    List<String> data = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> opened = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    allowed.execute(HttpRequest.builder().method(HttpMethod.POST).url(url("/events")).body("{}").build(),
        new DefaultServerSentEventParser(), new ServerSentEventListener() {
          @Override
          public void onOpen(SuccessfulHttpResponse response) {
            opened.complete(response.statusCode());
          }

          @Override
          public void onEvent(ServerSentEvent event) {
            data.add(event.data());
          }

          @Override
          public void onError(Throwable error) {
            closed.completeExceptionally(error);
          }

          @Override
          public void onClose() {
            closed.complete(null);
          }
        });
    closed.get(5, TimeUnit.SECONDS);
    assertThat(opened.get()).isEqualTo(200);
    assertThat(data).containsExactly("Hel", "lo");
  }
}
