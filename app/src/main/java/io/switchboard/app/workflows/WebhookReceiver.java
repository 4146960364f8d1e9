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
import io.switchboard.app.web.ApiExceptionHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriUtils;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.switchboard.engine.tenancy.TenantId;

import static io.switchboard.schema.jooq.Tables.WEBHOOK_SIGNATURES;
import static io.switchboard.schema.jooq.Tables.WORKFLOWS;

/**
 * A workflow's webhook: {@code /hooks/<key>/<secret>}, any method the trigger accepts. The request
 * becomes the trigger payload. The caller gets 202 with the execution id at once, or — when the
 * trigger waits for a Respond step — that step's answer.
 *
 * <p>A servlet filter on {@code /hooks/*}, placed right after the request id: a workflow's webhook
 * is the busiest address of the application, and Spring MVC's dispatch (handler look-up, argument
 * resolution, message converters) and the filters after this one (security, observation) cost more
 * CPU per call than the run itself. Other addresses under {@code /hooks/} (the providers' webhooks)
 * and keys that are not a workflow's go on to Spring MVC; errors are the same problem documents the
 * API answers.
 */
public class WebhookReceiver implements Filter {

  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");
  /** Headers a Respond step may not set: the server frames the answer itself. */
  private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
      "content-type");

  /** How far a signed call's timestamp may be from now: older ones are replays. */
  static final long SIGNATURE_WINDOW_SECONDS = 300;

  private final TenantDatabase db;
  private final ExecutionStore store;
  private final ExecutionRunner runner;
  private final io.switchboard.engine.spi.CredentialResolver credentials;
  private final java.time.Clock clock;

  /**
   * Calls that may run their workflow at once; the others wait in arrival order. Fifty calls running
   * at once on two cores all slowed each other (connections, database processes and threads taking
   * turns in no order), so some waited ten times as long as the middle one; in order, a call waits
   * about as long as the queue ahead of it.
   */
  private final java.util.concurrent.Semaphore running;

  /** How long a call waits for its turn before it is answered 503 (try again). */
  static final long QUEUE_WAIT_SECONDS = 20;

  private final io.micrometer.core.instrument.Timer calls;
  private final io.micrometer.core.instrument.Timer queueWait;

  public WebhookReceiver(TenantDatabase db, ExecutionStore store, ExecutionRunner runner,
                         io.switchboard.engine.spi.CredentialResolver credentials, java.time.Clock clock,
                         int concurrentRuns, io.micrometer.core.instrument.MeterRegistry meters) {
    this.running = new java.util.concurrent.Semaphore(concurrentRuns, true);
    // the calls skip Spring's request observation, so they are timed here
    this.calls = io.micrometer.core.instrument.Timer.builder("switchboard.webhook.calls")
        .description("Workflow webhook calls, from receipt to the answer written")
        .publishPercentiles(0.5, 0.9, 0.99).register(meters);
    this.queueWait = io.micrometer.core.instrument.Timer.builder("switchboard.webhook.queue")
        .description("How long webhook calls waited for their turn to run")
        .publishPercentiles(0.5, 0.9, 0.99).register(meters);
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

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Optional<WebhookAddress> address = address(request);
    if (address.isEmpty()) {
      chain.doFilter(request, response); // a provider's webhook, or no workflow's address: Spring MVC answers
      return;
    }
    long started = System.nanoTime();
    try {
      receive(address.get(), request, response);
    } catch (RuntimeException e) {
      ApiExceptionHandler.write(response, e);
    } finally {
      calls.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** The workflow address a request is for: {@code /hooks/<key>/<secret>} with a key of the right shape. */
  private static Optional<WebhookAddress> address(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith(WebhookAddress.PREFIX)) {
      return Optional.empty();
    }
    int slash = path.indexOf('/', WebhookAddress.PREFIX.length());
    if (slash < 0 || path.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    String key = path.substring(WebhookAddress.PREFIX.length(), slash);
    String secret = path.substring(slash + 1);
    if (secret.indexOf('%') >= 0) {
      secret = UriUtils.decode(secret, StandardCharsets.UTF_8);
    }
    return WebhookAddress.parse(key, secret);
  }

  private void receive(WebhookAddress address, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Target target = target(address).orElseThrow(WebhookReceiver::unknown);
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (!target.config().methods().contains(method)) {
      throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
          "This webhook accepts " + String.join(", ", target.config().methods()) + ", not " + method + ".");
    }
    byte[] body = readBounded(request);
    Optional<byte[]> signature = verifyCaller(target, address.tenant(), request, body);
    ObjectNode payload = payload(request, method, body);
    ExecutionRunner.Start start = new ExecutionRunner.Start(address.tenant(),
        target.workflowId(), target.version(), target.trigger().id(), "webhook", payload, Optional.empty(),
        Optional.empty());
    long queued = System.nanoTime();
    awaitTurn();
    queueWait.record(System.nanoTime() - queued, java.util.concurrent.TimeUnit.NANOSECONDS);
    Answer answer;
    try {
      // a step that waits on a provider or a model lends its turn out meanwhile: slow outside
      // services hold no turn that other calls wait for
      answer = ExecutionRunner.withOutsideWaits(turnLending, () -> run(address, target, start, signature));
    } finally {
      running.release();
    }
    answer.headers().forEach(response::setHeader);
    write(response, answer.status(), answer.body());
  }

  private final ExecutionRunner.OutsideWaits turnLending = new ExecutionRunner.OutsideWaits() {
    @Override
    public void waiting() {
      running.release();
    }

    @Override
    public void resumed() {
      running.acquireUninterruptibly();
    }
  };

  private void awaitTurn() {
    try {
      if (running.tryAcquire(QUEUE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "webhook_busy",
        "Switchboard is receiving more calls than it can run right now; nothing was started. Send this call again.",
        Optional.of(java.time.Duration.ofSeconds(1)));
  }

  /** What the caller is answered: a status, headers and a JSON body. */
  private record Answer(int status, Map<String, String> headers, JsonNode body) {}

  // Starts the run (and, when the trigger waits for a Respond step, runs it here); the answer is
  // written after the turn is given back.
  private Answer run(WebhookAddress address, Target target, ExecutionRunner.Start start, Optional<byte[]> signature) {
    signature.ifPresent(s -> claimSignature(address.tenant(), target.workflowId(), s));
    ExecutionRecord done;
    try {
      if (!target.config().waitsForRespondNode()) {
        ExecutionRecord queued = runner.enqueue(start);
        runner.dispatch(queued);
        return new Answer(HttpStatus.ACCEPTED.value(), Map.of(), accepted(queued));
      }
      done = runner.start(start);
    } catch (RuntimeException notStarted) {
      signature.ifPresent(s -> forgetSignature(address.tenant(), s));
      throw notStarted;
    }
    if (done.status() == ExecutionStatus.FAILED) {
      throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "workflow_failed", "The workflow failed: "
          + done.error().map(e -> e.path("message").asString()).orElse("no reason given"));
    }
    Optional<JsonNode> answer = done.state().response();
    if (answer.isEmpty()) {
      return new Answer(HttpStatus.ACCEPTED.value(), Map.of(), accepted(done));
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    answer.get().path("headers").properties().forEach(e -> {
      if (!FRAMING_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        headers.put(e.getKey(), e.getValue().asString());
      }
    });
    headers.put("X-Execution-Id", done.id().toString());
    return new Answer(answer.get().path("status").asInt(200), headers, answer.get().path("body"));
  }

  private static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static ApiException unknown() {
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
  // Returns the signature of a signed (hmac) call, to keep replays out.
  private Optional<byte[]> verifyCaller(Target target, io.switchboard.engine.tenancy.TenantId tenant,
                                       HttpServletRequest request, byte[] body) {
    String auth = target.config().auth();
    if ("none".equals(auth)) {
      return Optional.empty();
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
    return "hmac".equals(auth)
        ? Optional.of(java.util.HexFormat.of().parseHex(request.getHeader("X-Signature").substring(7)))
        : Optional.empty();
  }

  /**
   * Keeps a signed call's signature for the window its timestamp is valid in; the same signature
   * again is a replay and is refused. Signatures past the window are deleted on the way.
   */
  private void claimSignature(TenantId tenant, UUID workflowId, byte[] signature) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    int kept = db.inTenant(tenant, tx -> {
      tx.deleteFrom(WEBHOOK_SIGNATURES).where(WEBHOOK_SIGNATURES.TENANT_ID.eq(tenant.value())
          .and(WEBHOOK_SIGNATURES.RECEIVED_AT.lt(now.minusSeconds(2 * SIGNATURE_WINDOW_SECONDS)))).execute();
      return tx.insertInto(WEBHOOK_SIGNATURES)
          .set(WEBHOOK_SIGNATURES.TENANT_ID, tenant.value())
          .set(WEBHOOK_SIGNATURES.SIGNATURE, signature)
          .set(WEBHOOK_SIGNATURES.WORKFLOW_ID, workflowId)
          .set(WEBHOOK_SIGNATURES.RECEIVED_AT, now)
          .onConflictDoNothing()
          .execute();
    });
    if (kept == 0) {
      throw new ApiException(HttpStatus.CONFLICT, "webhook_replayed", "This signed call was already received, so "
          + "the workflow does not run again. Sign each new call with the time it is sent.");
    }
  }

  /** Lets a signed call be sent again when it started nothing (the start failed before any run was stored). */
  private void forgetSignature(TenantId tenant, byte[] signature) {
    db.runInTenant(tenant, tx -> tx.deleteFrom(WEBHOOK_SIGNATURES)
        .where(WEBHOOK_SIGNATURES.TENANT_ID.eq(tenant.value()).and(WEBHOOK_SIGNATURES.SIGNATURE.eq(signature)))
        .execute());
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

  // A body of a declared length is read into an array of that size (reading "up to 1 MB" took a
  // 16 KB buffer for every call, a third of a busy webhook's allocation); one without is read up to
  // the limit.
  private static byte[] readBounded(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    InputStream in = request.getInputStream();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    if (declared >= 0) {
      byte[] bytes = in.readNBytes((int) declared);
      if (bytes.length < declared) {
        throw ApiException.badRequest("incomplete_body", "The request ended before the body it announced was sent.");
      }
      return bytes;
    }
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    return bytes;
  }

  private static ApiException tooLarge() {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
        "The request body is larger than the 1 MB a webhook accepts.");
  }

  private static ObjectNode accepted(ExecutionRecord execution) {
    ObjectNode body = NODES.objectNode();
    body.put("executionId", execution.id().toString());
    body.put("status", execution.status().dbValue());
    return body;
  }
}
