package io.switchboard.app.support;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A model server on 127.0.0.1 speaking OpenAI's chat-completions wire format
 * ({@code POST /v1/chat/completions}), answering each request with what the test's function makes
 * of it, and keeping every request. An {@code llm} credential with provider
 * {@code openai-compatible} and {@link #baseUrl()} sends a workspace's model calls here.
 */
public final class LocalChatModelServer implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A chat request as the model sees it: the system prompt and the last user message. */
  public record Request(String system, String user, JsonNode body) {}

  private final HttpServer server;
  private final List<Request> received = new CopyOnWriteArrayList<>();

  public LocalChatModelServer(Function<Request, String> answer) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/chat/completions", exchange -> {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      String system = "";
      String user = "";
      for (JsonNode m : body.path("messages")) {
        String content = m.path("content").isString() ? m.path("content").asString() : m.path("content").toString();
        switch (m.path("role").asString()) {
          case "system" -> system = content;
          case "user" -> user = content;
          default -> { }
        }
      }
      Request request = new Request(system, user, body);
      received.add(request);
      String text = answer.apply(request);
      ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-" + received.size()).put("object", "chat.completion")
          .put("created", 1).put("model", body.path("model").asString("local-model"));
      ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
      choice.putObject("message").put("role", "assistant").put("content", text);
      int in = (system.length() + user.length()) / 4 + 1;
      int out = text.length() / 4 + 1;
      root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
      byte[] bytes = JSON.writeValueAsBytes(root);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  public String baseUrl() {
    // "localhost": the tests' platform allows it (SWITCHBOARD_HTTP_ALLOWED_HOSTS); a workspace's model address is checked
    return "http://localhost:" + server.getAddress().getPort() + "/v1";
  }

  public List<Request> received() {
    return List.copyOf(received);
  }

  /** The fields of an {@code llm} credential pointing here. */
  public java.util.Map<String, String> credentialFields() {
    return java.util.Map.of("provider", "openai-compatible", "apiKey", "local-test-key", "baseUrl", baseUrl(),
        "model", "local-model");
  }

  @Override
  public void close() {
    server.stop(0);
  }

}
