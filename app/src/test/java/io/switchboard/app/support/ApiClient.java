package io.switchboard.app.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A small JSON client for the REST API under test, over real HTTP. */
public final class ApiClient {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public record Response(int status, JsonNode body, HttpResponse<String> raw) {
    public String text(String field) {
      return body.path(field).asString();
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, null, token);
  }

  public Response post(String path, Object body, String token) {
    return send("POST", path, body, token);
  }

  public Response patch(String path, Object body, String token) {
    return send("PATCH", path, body, token);
  }

  public Response delete(String path, String token) {
    return send("DELETE", path, null, token);
  }

  public Response send(String method, String path, Object body, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      request.method(method, HttpRequest.BodyPublishers.ofString(text));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode json = text == null || text.isBlank() ? JSON.createObjectNode()
          : text.startsWith("{") || text.startsWith("[") ? JSON.readTree(text) : JSON.getNodeFactory().stringNode(text);
      return new Response(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Signs up a new workspace and returns a session token for its owner. */
  public String signUpAndToken(String company, String email, String password) {
    Response signUp = post("/api/v1/auth/signup", Map.of("companyName", company, "yourName", "Owner",
        "email", email, "password", password, "timezone", "America/New_York"), null);
    if (signUp.status() != 201) {
      throw new IllegalStateException("sign-up failed: " + signUp.status() + " " + signUp.body());
    }
    return token(email, password);
  }

  public String token(String email, String password) {
    Response token = post("/api/v1/auth/token", Map.of("email", email, "password", password), null);
    if (token.status() != 200) {
      throw new IllegalStateException("token failed: " + token.status() + " " + token.body());
    }
    return token.text("token");
  }
}
