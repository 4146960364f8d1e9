package io.switchboard.bench.quota;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running Switchboard over HTTP on loopback: {@code bench.tenants} (20) workspaces, half on a
 * plan allowing 120 API requests per minute and half on one allowing 240 (defined by the superadmin
 * through the API), each hammered by {@code bench.clientsPerTenant} (6) clients looping
 * {@code GET /api/v1/usage} for {@code bench.seconds} (45). Every allowed request is timed when it
 * was sent; a tenant is over its limit if, at any moment t after its first request t0, more requests
 * were allowed than its token bucket can give: capacity + rate × (t − t0), plus the requests that may
 * have been in flight (its clients). Refusals must be 429 with a Retry-After header.
 */
public final class QuotaEnforcement {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  private final String base;

  private QuotaEnforcement(String base) {
    this.base = base;
  }

  private record Tenant(String id, String token, long perMinute) {}

  private record Call(long sentNanos, int status, boolean retryAfter) {}

  public static void main(String[] args) throws Exception {
    QuotaEnforcement bench = new QuotaEnforcement(System.getProperty("bench.baseUrl", "http://127.0.0.1:18933"));
    int tenants = Integer.getInteger("bench.tenants", 20);
    int clients = Integer.getInteger("bench.clientsPerTenant", 6);
    int seconds = Integer.getInteger("bench.seconds", 45);
    bench.run(tenants, clients, seconds);
  }

  private void run(int tenantCount, int clients, int seconds) throws Exception {
    String admin = token("admin@switchboard.local", "bench-admin-pass-1");
    for (Map.Entry<String, Long> plan : Map.of("bench-quota-a", 120L, "bench-quota-b", 240L).entrySet()) {
      ObjectNode definition = JSON.createObjectNode().put("name", "Bench " + plan.getValue() + "/min");
      definition.putObject("limits").put("api_requests_per_minute", plan.getValue()).put("executions_per_month", 1_000_000)
          .put("active_workflows", 10).put("seats", 5);
      expect(send("PUT", "/api/v1/plans/" + plan.getKey(), definition, admin), 200);
    }
    List<Tenant> tenants = new ArrayList<>();
    for (int i = 0; i < tenantCount; i++) {
      String email = "quota-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
      String password = "bench-password-" + UUID.randomUUID();
      ObjectNode signup = JSON.createObjectNode().put("companyName", "Quota Co " + i).put("yourName", "Bench")
          .put("email", email).put("password", password).put("timezone", "UTC");
      expect(send("POST", "/api/v1/auth/signup", signup, null), 201);
      String token = token(email, password);
      String id = JSON.readTree(expect(send("GET", "/api/v1/me", null, token), 200).body()).path("tenantId").asString();
      String plan = i % 2 == 0 ? "bench-quota-a" : "bench-quota-b";
      expect(send("PUT", "/api/v1/tenants/" + id + "/plan", JSON.createObjectNode().put("plan", plan), admin), 200);
      tenants.add(new Tenant(id, token, i % 2 == 0 ? 120 : 240));
    }
    // the plan caches of the application last 10 s: a fresh sign-in per tenant is enough, the plan change
    // was made on this node and applies at once

    List<ConcurrentLinkedQueue<Call>> calls = new ArrayList<>();
    tenants.forEach(t -> calls.add(new ConcurrentLinkedQueue<>()));
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    CountDownLatch done = new CountDownLatch(tenants.size() * clients);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < tenants.size(); i++) {
        Tenant t = tenants.get(i);
        ConcurrentLinkedQueue<Call> mine = calls.get(i);
        for (int c = 0; c < clients; c++) {
          pool.submit(() -> {
            try {
              while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                try {
                  HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/usage"))
                      .header("Authorization", "Bearer " + t.token()).timeout(Duration.ofSeconds(30)).GET().build(),
                      HttpResponse.BodyHandlers.discarding());
                  mine.add(new Call(sent, r.statusCode(), r.headers().firstValue("Retry-After").isPresent()));
                } catch (Exception e) {
                  errors.incrementAndGet();
                }
              }
            } finally {
              done.countDown();
            }
          });
        }
      }
      done.await();
    }

    long requests = 0;
    long allowed = 0;
    long refused = 0;
    long refusedWithoutRetryAfter = 0;
    int overLimit = 0;
    double worstFill = 0;
    for (int i = 0; i < tenants.size(); i++) {
      Tenant t = tenants.get(i);
      List<Call> mine = new ArrayList<>(calls.get(i));
      mine.sort((a, b) -> Long.compare(a.sentNanos(), b.sentNanos()));
      requests += mine.size();
      long t0 = mine.isEmpty() ? 0 : mine.getFirst().sentNanos();
      long ok = 0;
      boolean over = false;
      for (Call call : mine) {
        if (call.status() == 200) {
          ok++;
          double elapsedMinutes = (call.sentNanos() - t0) / 60e9;
          double bound = t.perMinute() + t.perMinute() * elapsedMinutes + clients;
          worstFill = Math.max(worstFill, ok / bound);
          if (ok > bound) {
            over = true;
          }
        } else if (call.status() == 429) {
          refused++;
          if (!call.retryAfter()) {
            refusedWithoutRetryAfter++;
          }
        } else {
          errors.incrementAndGet();
        }
      }
      allowed += ok;
      if (over) {
        overLimit++;
      }
    }
    System.out.printf("quota-enforcement: tenants=%d requests=%d allowed=%d refused_429=%d over_limit=%d errors=%d "
            + "refused_without_retry_after=%d max_fill_pct=%.1f seconds=%d clients_per_tenant=%d%n",
        tenants.size(), requests, allowed, refused, overLimit, errors.get(), refusedWithoutRetryAfter, worstFill * 100,
        seconds, clients);
  }

  private String token(String email, String password) throws Exception {
    ObjectNode login = JSON.createObjectNode().put("email", email).put("password", password);
    return JSON.readTree(expect(send("POST", "/api/v1/auth/token", login, null), 200).body()).path("token").asString();
  }

  private HttpResponse<String> send(String method, String path, JsonNode body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> expect(HttpResponse<String> r, int... statuses) {
    for (int s : statuses) {
      if (r.statusCode() == s) {
        return r;
      }
    }
    throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
  }
}
