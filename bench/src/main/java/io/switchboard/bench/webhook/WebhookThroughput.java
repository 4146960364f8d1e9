package io.switchboard.bench.webhook;

import io.switchboard.bench.Latencies;
import io.switchboard.bench.ProcessCpu;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running Switchboard over HTTP on loopback: signs a workspace up, creates and activates
 * Webhook (answers with the Respond step) -> Set (two computed fields) -> If -> Respond, then
 * {@code bench.concurrency} (50) clients each loop request -> response, first for
 * {@code bench.warmupSeconds} (10, not counted), then for {@code bench.seconds} (30). Afterwards it
 * counts in the application's own PostgreSQL (port from {@code bench.home}/postgres/data/postmaster.pid)
 * the executions and steps the runs left behind.
 */
public final class WebhookThroughput {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REQUEST_BODY = "{\"visits\": 7, \"name\": \"Ana\"}";
  private static final String EXPECTED = "\"msg\":\"Hi Ana\"";

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newVirtualThreadPerTaskExecutor())
      .build();
  private final String base;

  private WebhookThroughput(String base) {
    this.base = base;
  }

  /** One load phase: per-client latencies and how many calls failed (non-2xx, wrong body, exception). */
  private record Phase(Latencies latencies, long ok, long errors, double seconds) {}

  public static void main(String[] args) throws Exception {
    String base = System.getProperty("bench.baseUrl", "http://127.0.0.1:18932");
    Path home = Path.of(System.getProperty("bench.home"));
    int concurrency = Integer.getInteger("bench.concurrency", 50);
    int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 10);
    int seconds = Integer.getInteger("bench.seconds", 30);
    WebhookThroughput bench = new WebhookThroughput(base);

    String token = bench.signUp();
    String[] workflow = bench.createAndActivate(token);
    URI hook = URI.create(base + workflow[1]);
    HttpResponse<String> probe = bench.call(hook);
    if (probe.statusCode() != 200 || !probe.body().contains(EXPECTED)) {
      throw new IllegalStateException("the webhook answered " + probe.statusCode() + ": " + probe.body());
    }

    Phase warmup = bench.load(hook, concurrency, Duration.ofSeconds(warmupSeconds));
    System.err.printf("webhook-throughput: warm-up %.0f execs/s, p99 %.1f ms, %d errors%n",
        warmup.ok() / warmup.seconds(), warmup.latencies().percentileMs(0.99), warmup.errors());
    long appPid = Long.getLong("bench.appPid", -1);
    long loadgenBefore = ProcessCpu.millis(ProcessHandle.current().pid());
    long appBefore = ProcessCpu.millis(appPid);
    long postgresBefore = ProcessCpu.postgresMillis(home.resolve("postgres/data"));
    Phase measured = bench.load(hook, concurrency, Duration.ofSeconds(seconds));
    double loadgenMs = ProcessCpu.millis(ProcessHandle.current().pid()) - loadgenBefore;
    double appMs = ProcessCpu.millis(appPid) - appBefore;
    double postgresMs = ProcessCpu.postgresMillis(home.resolve("postgres/data")) - postgresBefore;
    long total = Math.max(1, measured.ok() + measured.errors());
    System.err.printf("webhook-throughput: CPU while measuring (cores of 2 / ms per request): application %.2f / %.2f, "
            + "its PostgreSQL %.2f / %.2f, load generator %.2f / %.2f%n",
        appMs / 1000 / measured.seconds(), appMs / total, postgresMs / 1000 / measured.seconds(), postgresMs / total,
        loadgenMs / 1000 / measured.seconds(), loadgenMs / total);

    System.err.printf("webhook-throughput: inside the application (last 2 minutes): call p50 %s ms, p90 %s, p99 %s; "
            + "waiting for a turn p50 %s ms, p99 %s%n", bench.percentileMs("switchboard.webhook.calls", "0.5"),
        bench.percentileMs("switchboard.webhook.calls", "0.9"), bench.percentileMs("switchboard.webhook.calls", "0.99"),
        bench.percentileMs("switchboard.webhook.queue", "0.5"), bench.percentileMs("switchboard.webhook.queue", "0.99"));
    long expected = 1 + warmup.ok() + measured.ok();
    long[] persisted = persisted(home, UUID.fromString(workflow[0]));
    int listed = bench.listed(token, workflow[0]);
    System.err.printf("webhook-throughput: %d answered 2xx in all; %d executions (%d succeeded) and %d steps stored; "
            + "the API lists %d of them (it shows at most 500)%n",
        expected, persisted[0], persisted[1], persisted[2], listed);
    Latencies l = measured.latencies();
    System.err.printf("webhook-throughput: latency p90 %.1f ms, p95 %.1f, p99 %.1f, p99.9 %.1f, max %.1f%n",
        l.percentileMs(0.90), l.percentileMs(0.95), l.percentileMs(0.99), l.percentileMs(0.999), l.percentileMs(1.0));
    System.out.printf("webhook-throughput: execs_per_s=%.0f p50_ms=%.1f p99_ms=%.1f errors=%d persisted=%d "
            + "steps_persisted=%d expected=%d requests=%d concurrency=%d seconds=%d%n",
        measured.ok() / measured.seconds(), l.percentileMs(0.5), l.percentileMs(0.99), measured.errors(),
        persisted[1], persisted[2], expected, l.count(), concurrency, seconds);
  }

  private String signUp() throws Exception {
    String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "bench-password-" + UUID.randomUUID();
    ObjectNode signup = JSON.createObjectNode().put("companyName", "Bench Co").put("yourName", "Bench")
        .put("email", email).put("password", password).put("timezone", "UTC");
    expect(post("/api/v1/auth/signup", signup, null), 201);
    ObjectNode login = JSON.createObjectNode().put("email", email).put("password", password);
    String token = JSON.readTree(expect(post("/api/v1/auth/token", login, null), 200).body()).path("token").asString();
    // the measured run far exceeds a trial's monthly allowance: the superadmin moves the workspace to the largest plan
    String tenantId = JSON.readTree(expect(get("/api/v1/me", token), 200).body()).path("tenantId").asString();
    ObjectNode admin = JSON.createObjectNode().put("email", "admin@switchboard.local").put("password", "bench-admin-pass-1");
    String adminToken = JSON.readTree(expect(post("/api/v1/auth/token", admin, null), 200).body()).path("token").asString();
    expect(send("PUT", "/api/v1/tenants/" + tenantId + "/plan", JSON.createObjectNode().put("plan", "scale"), adminToken), 200);
    return token;
  }

  // Returns {workflowId, webhookPath}.
  private String[] createAndActivate(String token) throws Exception {
    JsonNode graph = JSON.readTree("""
        {"schemaVersion": 1,
         "nodes": [
           {"id": "hook", "type": "trigger.webhook@1", "name": "Webhook", "config": {"respond": "respond_node"}},
           {"id": "set", "type": "logic.set@1", "name": "Score", "config": {"fields": [
              {"name": "score", "value": "{{ trigger.body.visits * 10 }}"},
              {"name": "greeting", "value": "Hi {{ trigger.body.name }}"}]}},
           {"id": "if", "type": "logic.condition@1", "name": "Hot lead?", "config": {"condition": "nodes[\\"Score\\"].score > 50"}},
           {"id": "respond", "type": "logic.respond@1", "name": "Answer",
            "config": {"status": 200, "body": {"lead": "hot", "score": "{{ nodes[\\"Score\\"].score }}", "msg": "{{ nodes[\\"Score\\"].greeting }}"}}}],
         "edges": [{"from": "hook", "to": "set"}, {"from": "set", "to": "if"},
                   {"from": "if", "fromPort": "true", "to": "respond"}]}
        """);
    ObjectNode create = JSON.createObjectNode().put("name", "Webhook bench");
    create.set("graph", graph);
    JsonNode saved = JSON.readTree(expect(post("/api/v1/workflows", create, token), 201, 200).body());
    String id = saved.path("workflowId").asString();
    JsonNode active = JSON.readTree(expect(post("/api/v1/workflows/" + id + "/activate", JSON.createObjectNode(), token),
        200).body());
    String path = active.path("webhookPath").asString();
    if (path.isEmpty()) {
      throw new IllegalStateException("activation gave no webhook address: " + active + "; problems: " + saved);
    }
    return new String[] {id, path};
  }

  private HttpResponse<String> post(String path, JsonNode body, String token) throws Exception {
    return send("POST", path, body, token);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET()
        .header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, JsonNode body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> expect(HttpResponse<String> r, int... statuses) {
    for (int s : statuses) {
      if (r.statusCode() == s) {
        return r;
      }
    }
    throw new IllegalStateException(r.request().uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
  }

  private HttpResponse<String> call(URI hook) throws Exception {
    return http.send(HttpRequest.newBuilder(hook).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(REQUEST_BODY)).build(), HttpResponse.BodyHandlers.ofString());
  }

  // Each client is a platform thread with its own keep-alive connection (KeepAliveConnection), as
  // wrk or autocannon would drive a server: the generator's own CPU per call stays small.
  private Phase load(URI hook, int concurrency, Duration length) throws Exception {
    List<Latencies.Recorder> recorders = new ArrayList<>();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        Latencies.Recorder recorder = new Latencies.Recorder();
        recorders.add(recorder);
        running.add(clients.submit(() -> {
          try (KeepAliveConnection connection = new KeepAliveConnection(hook, "application/json", REQUEST_BODY)) {
            while (System.nanoTime() < end) {
              long t0 = System.nanoTime();
              try {
                KeepAliveConnection.Answer r = connection.call();
                recorder.record(System.nanoTime() - t0);
                if (r.status() / 100 == 2 && r.body().contains(EXPECTED)) {
                  ok.incrementAndGet();
                } else if (errors.incrementAndGet() <= 5) {
                  System.err.println("webhook-throughput: answer " + r.status() + ": " + r.body());
                }
              } catch (Exception e) {
                recorder.record(System.nanoTime() - t0);
                if (errors.incrementAndGet() <= 5) {
                  System.err.println("webhook-throughput: call failed: " + e);
                }
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(length.toSeconds() + 60, TimeUnit.SECONDS);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Phase(Latencies.Recorder.merge(recorders), ok.get(), errors.get(), seconds);
  }

  // A percentile the application publishes for one of its timers (Prometheus summary), in ms ("?" when none).
  private String percentileMs(String timer, String phi) {
    try {
      String prefix = timer.replace('.', '_') + "_seconds{quantile=\"" + phi + "\"} ";
      for (String line : get("/actuator/prometheus", null).body().split("\n")) {
        if (line.startsWith(prefix)) {
          return String.format(java.util.Locale.ROOT, "%.1f", Double.parseDouble(line.substring(prefix.length())) * 1000);
        }
      }
      return "?";
    } catch (Exception e) {
      return "?";
    }
  }

  private int listed(String token, String workflowId) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(base + "/api/v1/executions?workflowId=" + workflowId + "&status=succeeded&limit=500"))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(expect(r, 200).body()).size();
  }

  // {executions, succeeded executions, steps} of the workflow, read as the database superuser.
  private static long[] persisted(Path home, UUID workflowId) throws Exception {
    List<String> pid = Files.readAllLines(home.resolve("postgres/data/postmaster.pid"));
    String url = "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres";
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      return new long[] {
          count(c, "select count(*) from executions where workflow_id = ?", workflowId),
          count(c, "select count(*) from executions where workflow_id = ? and status = 'succeeded'", workflowId),
          count(c, "select count(*) from execution_steps s join executions e on e.tenant_id = s.tenant_id "
              + "and e.id = s.execution_id where e.workflow_id = ?", workflowId)};
    }
  }

  private static long count(Connection c, String sql, UUID workflowId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, workflowId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

}
