package io.switchboard.nodes.http;

import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Calls an HTTP API: method, query, headers, a JSON, form or text body, credential-based auth
 * (bearer, basic, API-key header), a time limit, and the answer parsed as JSON or text. Every
 * destination passes the {@link SsrfGuard}, and the client connects only to the addresses it checked
 * (also on redirects). 5xx, 429 and time-outs are retryable failures; other 4xx are not.
 */
public final class HttpRequest extends BasicNodeType<HttpRequest.Config> implements AutoCloseable {

  public static final String KEY = "http.request@1";
  static final int MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  public record Config(
      @FieldInfo(title = "Method", kind = FieldKind.SELECT, options = {"GET", "POST", "PUT", "PATCH", "DELETE"})
      String method,
      @FieldInfo(title = "URL", help = "https://api.example.com/leads/{{ trigger.body.id }}", kind = FieldKind.TEMPLATE,
          required = true) String url,
      @FieldInfo(title = "Query", help = "Name and value pairs added to the URL.", kind = FieldKind.JSON)
      Map<String, String> query,
      @FieldInfo(title = "Headers", kind = FieldKind.JSON) Map<String, String> headers,
      @FieldInfo(title = "Body type", kind = FieldKind.SELECT, options = {"none", "json", "form", "text"}) String bodyType,
      @FieldInfo(title = "Body", help = "JSON; text values may use {{ }}.", kind = FieldKind.JSON) JsonNode body,
      @FieldInfo(title = "Authentication", kind = FieldKind.SELECT, options = {"none", "bearer", "basic", "api_key"})
      String auth,
      @FieldInfo(title = "Credential", help = "http.bearer (token), http.basic (username, password) or "
          + "http.api-key (header, value).", kind = FieldKind.CREDENTIAL) UUID credentialId,
      @FieldInfo(title = "Time limit (seconds)", kind = FieldKind.NUMBER) Integer timeoutSeconds,
      @FieldInfo(title = "Fail on an error status", help = "Treat 4xx and 5xx answers as failures.",
          kind = FieldKind.BOOLEAN) Boolean failOnErrorStatus) {
    public Config {
      method = method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(Locale.ROOT);
      query = query == null ? Map.of() : Map.copyOf(query);
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      bodyType = bodyType == null || bodyType.isBlank() ? "none" : bodyType;
      auth = auth == null || auth.isBlank() ? "none" : auth;
      timeoutSeconds = timeoutSeconds == null ? 30 : Math.max(1, Math.min(timeoutSeconds, 300));
      failOnErrorStatus = failOnErrorStatus == null || failOnErrorStatus;
    }
  }

  private final CloseableHttpClient client;

  public HttpRequest(SsrfGuard guard) {
    super(Config.class, describe(KEY, "HTTP request", "Data",
        "Calls another system's web API and continues with its answer.",
        NodeKind.ACTION, Set.of("url"), Set.of(), Set.of("url")), List.of(PortSpec.of("out")));
    this.client = guard.httpClient("Switchboard/1 (+workflow HTTP request)", 200, 20);
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    if (!METHODS.contains(config.method())) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" uses GET, POST, PUT, PATCH or DELETE.", false);
    }
    URI uri;
    try {
      URIBuilder builder = new URIBuilder(config.url() == null ? "" : config.url().trim());
      config.query().forEach(builder::addParameter);
      uri = builder.build();
    } catch (URISyntaxException e) {
      return NodeResult.fail("invalid_url", "\"" + context.nodeName() + "\" has a URL that is not valid: " + config.url(), false);
    }
    if (SsrfGuard.webHost(uri).isEmpty()) {
      return NodeResult.fail("invalid_url", "\"" + context.nodeName() + "\" needs a full http:// or https:// address.", false);
    }
    HttpUriRequestBase request = new HttpUriRequestBase(config.method(), uri);
    config.headers().forEach(request::setHeader);
    NodeResult authProblem = authorize(request, config, context);
    if (authProblem != null) {
      return authProblem;
    }
    switch (config.bodyType()) {
      case "json" -> request.setEntity(new ByteArrayEntity(JSON.writeValueAsBytes(
          config.body() == null ? JsonNodeFactory.instance.nullNode() : config.body()), ContentType.APPLICATION_JSON));
      case "form" -> request.setEntity(new ByteArrayEntity(form(config.body()).getBytes(StandardCharsets.UTF_8),
          ContentType.APPLICATION_FORM_URLENCODED));
      case "text" -> request.setEntity(new ByteArrayEntity((config.body() == null ? "" : config.body().asString(""))
          .getBytes(StandardCharsets.UTF_8), ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
      default -> { }
    }
    request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(config.timeoutSeconds())).build());
    try {
      return client.execute(request, response -> answer(response, config, context, uri));
    } catch (SsrfGuard.RefusedHost refused) {
      return NodeResult.fail("ssrf_refused", refused.getMessage(), false);
    } catch (UnknownHostException e) {
      return NodeResult.fail("host_not_found", "The address " + uri.getHost() + " could not be found.", false);
    } catch (SocketTimeoutException e) {
      return NodeResult.fail("http_timeout", uri.getHost() + " did not answer within " + config.timeoutSeconds() + " seconds.", true);
    } catch (IOException e) {
      return NodeResult.fail("http_unreachable", "Could not reach " + uri.getHost() + ": " + e.getMessage(), true);
    }
  }

  private NodeResult answer(ClassicHttpResponse response, Config config, NodeContext context, URI uri) throws IOException {
    int status = response.getCode();
    byte[] bytes;
    try (InputStream in = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent()) {
      bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
    }
    if (bytes.length > MAX_RESPONSE_BYTES) {
      return NodeResult.fail("response_too_large", uri.getHost() + " answered with more than 5 MB.", false);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("status", status);
    ObjectNode headers = out.putObject("headers");
    for (Header h : response.getHeaders()) {
      headers.put(h.getName().toLowerCase(Locale.ROOT), h.getValue());
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String type = response.getEntity() == null || response.getEntity().getContentType() == null ? ""
        : response.getEntity().getContentType().toLowerCase(Locale.ROOT);
    if (type.contains("json") && !text.isBlank()) {
      try {
        out.set("body", JSON.readTree(text));
      } catch (JacksonException e) {
        out.put("body", text);
      }
    } else {
      out.put("body", text);
    }
    if (config.failOnErrorStatus() && status >= 400) {
      boolean retryable = status >= 500 || status == 429;
      return NodeResult.fail("http_" + status, uri.getHost() + " answered " + status
          + (retryable ? " (it may work on a later try)." : "."), retryable);
    }
    return NodeResult.emit("out", out);
  }

  // Returns a failure when the chosen credential is missing or of the wrong shape, else null.
  private static NodeResult authorize(HttpUriRequestBase request, Config config, NodeContext context) {
    if ("none".equals(config.auth())) {
      return null;
    }
    Credential credential = config.credentialId() == null ? null : context.credential(config.credentialId()).orElse(null);
    if (credential == null) {
      return NodeResult.fail("missing_credential", "\"" + context.nodeName() + "\" needs a credential for "
          + config.auth() + " authentication; pick one in its settings.", false);
    }
    switch (config.auth()) {
      case "bearer" -> credential.field("token").ifPresent(t -> request.setHeader("Authorization", "Bearer " + t));
      case "basic" -> request.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (credential.field("username").orElse("") + ":" + credential.field("password").orElse(""))
              .getBytes(StandardCharsets.UTF_8)));
      case "api_key" -> {
        if (credential.field("header").isEmpty() || credential.field("value").isEmpty()) {
          return NodeResult.fail("invalid_credential", "The API key credential needs the fields 'header' and 'value'.", false);
        }
        request.setHeader(credential.field("header").get(), credential.field("value").get());
      }
      default -> {
        return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" authenticates with none, bearer, basic "
            + "or api_key, not '" + config.auth() + "'.", false);
      }
    }
    return null;
  }

  private static String form(JsonNode body) {
    StringJoiner joined = new StringJoiner("&");
    if (body != null && body.isObject()) {
      for (Map.Entry<String, JsonNode> e : body.properties()) {
        joined.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue().isString() ? e.getValue().asString() : e.getValue().toString(), StandardCharsets.UTF_8));
      }
    }
    return joined.toString();
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
