package io.switchboard.app.workflows;

import io.switchboard.app.web.ApiException;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.workflow.WebhookAddress;
import io.switchboard.nodes.trigger.WebhookTrigger;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.WORKFLOWS;

/**
 * A workflow's webhook: {@code /hooks/<key>/<secret>}, any method the trigger accepts. The request
 * becomes the trigger payload. The caller gets 202 with the execution id at once, or — when the
 * trigger waits for a Respond step — that step's answer.
 */
@RestController
public class WebhookController {

  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

  private final TenantDatabase db;
  private final ExecutionStore store;
  private final ExecutionRunner runner;

  public WebhookController(TenantDatabase db, ExecutionStore store, ExecutionRunner runner) {
    this.db = db;
    this.store = store;
    this.runner = runner;
  }

  private record Target(UUID workflowId, int version, WorkflowGraph graph, Node trigger, WebhookTrigger.Config config) {}

  /** A workflow's webhook target as last read, and when. */
  private record Cached(Optional<Target> target, String secret, long readAtNanos) {}

  // Busy webhooks skip the database look-up for a moment: activation and deactivation take effect
  // within CACHE_NANOS on every node.
  private static final long CACHE_NANOS = 2_000_000_000L;
  private final java.util.concurrent.ConcurrentHashMap<String, Cached> targets = new java.util.concurrent.ConcurrentHashMap<>();

  @RequestMapping("/hooks/{key}/{secret}")
  public ResponseEntity<JsonNode> receive(@PathVariable String key, @PathVariable String secret,
                                          HttpServletRequest request) throws IOException {
    Target target = WebhookAddress.parse(key, secret).flatMap(this::target).orElseThrow(() ->
        new ApiException(HttpStatus.NOT_FOUND, "unknown_webhook", "No active workflow listens at this address."));
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (!target.config().methods().contains(method)) {
      throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
          "This webhook accepts " + String.join(", ", target.config().methods()) + ", not " + method + ".");
    }
    ObjectNode payload = payload(request, method);
    ExecutionRunner.Start start = new ExecutionRunner.Start(WebhookAddress.parse(key, secret).orElseThrow().tenant(),
        target.workflowId(), target.version(), target.trigger().id(), "webhook", payload, Optional.empty(),
        Optional.empty());
    if (!target.config().waitsForRespondNode()) {
      ExecutionRecord queued = runner.enqueue(start);
      runner.dispatch(queued);
      return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted(queued));
    }
    ExecutionRecord done = runner.start(start);
    if (done.status() == ExecutionStatus.FAILED) {
      throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "workflow_failed", "The workflow failed: "
          + done.error().map(e -> e.path("message").asString()).orElse("no reason given"));
    }
    Optional<JsonNode> response = done.state().response();
    if (response.isEmpty()) {
      return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted(done));
    }
    HttpHeaders headers = new HttpHeaders();
    response.get().path("headers").properties().forEach(e -> headers.add(e.getKey(), e.getValue().asString()));
    headers.set("X-Execution-Id", done.id().toString());
    return ResponseEntity.status(response.get().path("status").asInt(200)).headers(headers)
        .contentType(MediaType.APPLICATION_JSON).body(response.get().path("body"));
  }

  private Optional<Target> target(WebhookAddress address) {
    String key = address.tenant() + "/" + address.workflowId();
    Cached cached = targets.get(key);
    if (cached != null && System.nanoTime() - cached.readAtNanos() < CACHE_NANOS) {
      return address.secretMatches(cached.secret()) ? cached.target() : Optional.empty();
    }
    Optional<Target> found = lookUp(address);
    if (targets.size() > 10_000) {
      targets.clear();
    }
    targets.put(key, new Cached(found, found.isPresent() ? address.secret() : "\u0000", System.nanoTime()));
    return found;
  }

  private Optional<Target> lookUp(WebhookAddress address) {
    Optional<org.jooq.Record2<Integer, String>> row = db.inTenant(address.tenant(), tx ->
        tx.select(WORKFLOWS.ACTIVE_VERSION, WORKFLOWS.WEBHOOK_SECRET).from(WORKFLOWS)
            .where(WORKFLOWS.TENANT_ID.eq(address.tenant().value()).and(WORKFLOWS.ID.eq(address.workflowId())))
            .fetchOptional());
    if (row.isEmpty() || row.get().value1() == null || !address.secretMatches(row.get().value2())) {
      return Optional.empty();
    }
    int version = row.get().value1();
    return store.graph(address.tenant(), address.workflowId(), version).flatMap(graph -> graph.nodes().stream()
        .filter(n -> WebhookTrigger.KEY.equals(n.type()) && !n.disabled())
        .findFirst()
        .map(n -> new Target(address.workflowId(), version, graph, n,
            JSON.treeToValue(n.config(), WebhookTrigger.Config.class))));
  }

  private static ObjectNode payload(HttpServletRequest request, String method) throws IOException {
    ObjectNode payload = NODES.objectNode();
    payload.put("method", method);
    ObjectNode headers = payload.putObject("headers");
    for (String name : Collections.list(request.getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HIDDEN_HEADERS.contains(lower)) {
        headers.put(lower, request.getHeader(name));
      }
    }
    ObjectNode query = payload.putObject("query");
    for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
      if (request.getQueryString() != null && request.getQueryString().contains(p.getKey())) {
        query.put(p.getKey(), p.getValue().length == 0 ? "" : p.getValue()[0]);
      }
    }
    byte[] body = readBounded(request.getInputStream());
    String type = Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(Locale.ROOT);
    if (body.length == 0) {
      if (type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
        ObjectNode form = payload.putObject("body");
        request.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
      } else {
        payload.putObject("body");
      }
    } else if (type.contains("json")) {
      try {
        payload.set("body", JSON.readTree(body));
      } catch (JacksonException e) {
        throw ApiException.badRequest("malformed_body", "The request says it is JSON but its body is not valid JSON.");
      }
    } else {
      payload.put("body", new String(body, StandardCharsets.UTF_8));
    }
    return payload;
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
          "The request body is larger than the 1 MB a webhook accepts.");
    }
    return bytes;
  }

  private static ObjectNode accepted(ExecutionRecord execution) {
    ObjectNode body = NODES.objectNode();
    body.put("executionId", execution.id().toString());
    body.put("status", execution.status().dbValue());
    return body;
  }
}
