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

  /** How far a signed call's timestamp may be from now: older ones are replays. */
  static final long SIGNATURE_WINDOW_SECONDS = 300;

  private final TenantDatabase db;
  private final ExecutionStore store;
  private final ExecutionRunner runner;
  private final io.switchboard.engine.spi.CredentialResolver credentials;
  private final java.time.Clock clock;

  public WebhookController(TenantDatabase db, ExecutionStore store, ExecutionRunner runner,
                           io.switchboard.engine.spi.CredentialResolver credentials, java.time.Clock clock) {
    this.db = db;
    this.store = store;
    this.runner = runner;
    this.credentials = credentials;
    this.clock = clock;
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
    WebhookAddress address = WebhookAddress.parse(key, secret).orElseThrow(WebhookController::unknown);
    Target target = target(address).orElseThrow(WebhookController::unknown);
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (!target.config().methods().contains(method)) {
      throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
          "This webhook accepts " + String.join(", ", target.config().methods()) + ", not " + method + ".");
    }
    byte[] body = readBounded(request.getInputStream());
    verifyCaller(target, address.tenant(), request, body);
    ObjectNode payload = payload(request, method, body);
    ExecutionRunner.Start start = new ExecutionRunner.Start(address.tenant(),
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

  private static ApiException unknown() {
    return new ApiException(HttpStatus.NOT_FOUND, "unknown_webhook", "No active workflow listens at this address.");
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

  // The trigger may require a secret header or an HMAC signature over "timestamp.body", within a
  // five-minute window; a failed check answers 401 without saying which part was wrong.
  private void verifyCaller(Target target, io.switchboard.engine.tenancy.TenantId tenant, HttpServletRequest request,
                            byte[] body) {
    String auth = target.config().auth();
    if ("none".equals(auth)) {
      return;
    }
    String expected = Optional.ofNullable(target.config().credentialId())
        .flatMap(id -> credentials.find(tenant, id))
        .flatMap(c -> c.field("secret"))
        .orElseThrow(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "webhook_misconfigured",
            "This webhook checks its callers but its secret is missing; its owner must pick a credential."));
    boolean ok = switch (auth) {
      case "header" -> Optional.ofNullable(request.getHeader(target.config().headerName()))
          .map(given -> java.security.MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
              expected.getBytes(StandardCharsets.UTF_8)))
          .orElse(false);
      case "hmac" -> signatureValid(expected, request.getHeader("X-Signature"), request.getHeader("X-Signature-Timestamp"), body);
      default -> false;
    };
    if (!ok) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "webhook_unauthorized",
          "This call is not signed or authorised as the webhook requires.");
    }
  }

  private boolean signatureValid(String secret, String signature, String timestamp, byte[] body) {
    if (signature == null || timestamp == null || !signature.startsWith("sha256=") || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    long age = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
    if (age > SIGNATURE_WINDOW_SECONDS) {
      return false;
    }
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      byte[] given = java.util.HexFormat.of().parseHex(signature.substring(7));
      return java.security.MessageDigest.isEqual(expected, given);
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static ObjectNode payload(HttpServletRequest request, String method, byte[] body) {
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
    if (request.getQueryString() != null) {
      for (String pair : request.getQueryString().split("&")) {
        if (!pair.isEmpty()) {
          String[] kv = pair.split("=", 2);
          query.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length == 2 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
      }
    }
    String type = Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(Locale.ROOT);
    if (body.length == 0) {
      payload.putObject("body");
    } else if (type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
      // read from the raw body (already consumed for signature checks), not the servlet's parameters
      ObjectNode form = payload.putObject("body");
      for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
        if (!pair.isEmpty()) {
          String[] kv = pair.split("=", 2);
          form.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length == 2 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
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
