package io.switchboard.app.billing;

import com.stripe.net.Webhook;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Billing end to end against the built-in sandbox Stripe, through the real Stripe SDK and
 * genuinely signed webhooks: Checkout starts a subscription and puts the workspace on its plan;
 * forged, stale and replayed events are refused; out-of-order events do not regress; a failed
 * payment throttles, then suspends when the grace period ends (on the test clock), and a payment
 * restores; refunds, downgrades, usage reporting and isolation between workspaces.
 */
class StripeBillingIT extends IntegrationTestBase {

  private static final String FLOW = """
      {'nodes': [{'id': 'hook', 'type': 'trigger.webhook@1', 'name': 'Webhook', 'config': {}},
                 {'id': 'set', 'type': 'logic.set@1', 'name': 'Set', 'config': {'fields': [{'name': 'ok', 'value': 'yes'}]}}],
       'edges': [{'from': 'hook', 'to': 'set'}]}
      """;
  private static final String PASSWORD = "billing-pass-123";

  @Autowired
  BillingSettings settings;
  @Autowired
  BillingSweeper sweeper;
  @Autowired
  StripeGateway gateway;
  @Autowired
  SandboxStripe sandbox;
  @Autowired
  io.switchboard.engine.tenancy.TenantDatabase db;

  private final HttpClient http = HttpClient.newHttpClient();

  private record Workspace(UUID id, String email, String token) {}

  private Workspace signUp(String company) {
    ApiClient api = api();
    String email = uniqueEmail(company.toLowerCase().replace(' ', '-'));
    String token = api.signUpAndToken(company, email, PASSWORD);
    return new Workspace(UUID.fromString(api.get("/api/v1/me", token).text("tenantId")), email, token);
  }

  /** Starts Checkout for {@code plan} and completes it on the sandbox's Checkout page, as the owner's browser would. */
  private void subscribe(Workspace w, String plan) throws Exception {
    ApiClient.Response checkout = api().post("/api/v1/billing/checkout", Map.of("plan", plan), w.token());
    assertThat(checkout.status()).as(checkout.body().toString()).isEqualTo(200);
    String url = checkout.text("url");
    assertThat(url).contains("/sandbox/stripe/checkout/cs_test_");
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(local(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("Subscribe");
    HttpResponse<String> completed = http.send(HttpRequest.newBuilder(local(url)).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(completed.statusCode()).isEqualTo(303);
    assertThat(completed.headers().firstValue("Location").orElseThrow()).endsWith("/billing?checkout=success");
  }

  private URI local(String publicUrl) {
    URI u = URI.create(publicUrl);
    return URI.create("http://127.0.0.1:" + port + u.getRawPath());
  }

  private HttpResponse<String> postEvent(String body, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/stripe"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postSigned(String body) throws Exception {
    return postEvent(body, Webhook.Signature.generateSignatureHeader(body, settings.webhookSecret(),
        clock.instant().getEpochSecond()));
  }

  private static String event(String type, Instant created, JsonNode object) {
    ObjectNode event = ApiClient.JSON.createObjectNode();
    event.put("id", "evt_test_" + UUID.randomUUID().toString().replace("-", ""));
    event.put("object", "event");
    event.put("api_version", com.stripe.Stripe.API_VERSION);
    event.put("created", created.getEpochSecond());
    event.put("type", type);
    event.put("livemode", false);
    event.putObject("data").set("object", object);
    return ApiClient.JSON.writeValueAsString(event);
  }

  private ObjectNode invoice(String id, String customer, long amount) {
    ObjectNode invoice = ApiClient.JSON.createObjectNode();
    invoice.put("id", id);
    invoice.put("object", "invoice");
    invoice.put("customer", customer);
    invoice.put("currency", "usd");
    invoice.put("amount_due", amount);
    invoice.put("amount_paid", amount);
    invoice.put("created", clock.instant().getEpochSecond());
    return invoice;
  }

  private static String column(String sql, UUID tenant) throws SQLException {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void execute(String sql, Object... params) throws SQLException {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  private String customerOf(Workspace w) throws SQLException {
    return column("select stripe_customer_id from billing_accounts where tenant_id = ?", w.id());
  }

  private long auditCount(Workspace w, String action) throws SQLException {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("select count(*) from audit_log where tenant_id = ? and action = ?")) {
      ps.setObject(1, w.id());
      ps.setString(2, action);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void shouldStartASubscriptionThroughCheckoutAndPutTheWorkspaceOnItsPlan() throws Exception {
    Workspace w = signUp("Checkout Co");
    JsonNode before = api().get("/api/v1/billing", w.token()).body();
    assertThat(before.path("mode").asString()).isEqualTo("sandbox");
    assertThat(before.path("subscriptionStatus").asString()).isEqualTo("none");
    assertThat(before.path("plan").asString()).isEqualTo("trial");
    assertThat(before.path("purchasablePlans").toString()).contains("starter", "growth", "scale");
    assertThat(api().post("/api/v1/billing/checkout", Map.of("plan", "trial"), w.token()).status())
        .as("the free plan is not bought").isEqualTo(400);

    subscribe(w, "growth");

    JsonNode after = api().get("/api/v1/billing", w.token()).body();
    assertThat(after.path("subscriptionStatus").asString()).isEqualTo("trialing");
    assertThat(after.path("plan").asString()).isEqualTo("growth");
    assertThat(Instant.parse(after.path("trialEnd").asString()))
        .isBetween(clock.instant().plus(Duration.ofDays(13)), clock.instant().plus(Duration.ofDays(15)));
    assertThat(after.path("notice").path("code").asString()).isEqualTo("trialing");
    assertThat(api().get("/api/v1/usage", w.token()).text("planName")).isEqualTo("Growth");
    JsonNode invoices = api().get("/api/v1/billing/invoices", w.token()).body();
    assertThat(invoices).hasSize(1);
    assertThat(invoices.get(0).path("status").asString()).isEqualTo("paid");
    assertThat(invoices.get(0).path("amountCents").asLong()).as("the trial's first invoice").isZero();
    assertThat(auditCount(w, "plan.changed")).isEqualTo(1);
    assertThat(auditCount(w, "billing.subscription_changed")).isEqualTo(1);
    assertThat(api().post("/api/v1/billing/checkout", Map.of("plan", "scale"), w.token()).status())
        .as("a second subscription").isEqualTo(409);
    String portal = api().post("/api/v1/billing/portal", Map.of(), w.token()).text("url");
    assertThat(http.send(HttpRequest.newBuilder(local(portal)).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
        .contains("customer portal");
  }

  @Test
  void shouldMakeNoSecondObjectForTheSameIdempotencyKey() throws Exception {
    Workspace w = signUp("Idempotent Co");
    TenantId tenant = new TenantId(w.id());
    String key = "customer-test:" + w.id();
    String first = gateway.createCustomer(tenant, "Idempotent Co", w.email(), key);
    String second = gateway.createCustomer(tenant, "Idempotent Co", w.email(), key);
    assertThat(second).isEqualTo(first);
    assertThat(column("select count(*) from sandbox_stripe_objects where object = 'customer' and body -> 'metadata' ->> 'tenant_id' = ?::text",
        w.id())).isEqualTo("1");
    assertThatThrownBy(() -> gateway.createCustomer(tenant, "Another name", w.email(), key))
        .as("the same key with other parameters").isInstanceOf(StripeGateway.Failed.class)
        .hasMessageContaining("same parameters");

    // through the API: two checkouts make one customer for the workspace
    assertThat(api().post("/api/v1/billing/checkout", Map.of("plan", "starter"), w.token()).status()).isEqualTo(200);
    String customer = customerOf(w);
    assertThat(api().post("/api/v1/billing/checkout", Map.of("plan", "starter"), w.token()).status()).isEqualTo(200);
    assertThat(customerOf(w)).isEqualTo(customer);
    assertThat(column("select count(*) from sandbox_stripe_objects where object = 'customer' and body -> 'metadata' ->> 'tenant_id' = ?::text",
        w.id())).as("the one made by the test, and the workspace's").isEqualTo("2");
  }

  @Test
  void shouldRefuseForgedStaleAndReplayedEvents() throws Exception {
    Workspace w = signUp("Signed Co");
    assertThat(api().post("/api/v1/billing/portal", Map.of(), w.token()).status()).isEqualTo(200);
    String customer = customerOf(w);
    String failed = event("invoice.payment_failed", clock.instant(), invoice("in_test_" + UUID.randomUUID(), customer, 4900));

    HttpResponse<String> unsigned = postEvent(failed, null);
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(unsigned.body()).contains("signature_missing");
    HttpResponse<String> forged = postEvent(failed, Webhook.Signature.generateSignatureHeader(failed, "whsec_forged",
        clock.instant().getEpochSecond()));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
    assertThat(forged.body()).contains("signature_invalid").contains("does not match");
    String tampered = failed.replace("4900", "1");
    assertThat(postEvent(tampered, Webhook.Signature.generateSignatureHeader(failed, settings.webhookSecret(),
        clock.instant().getEpochSecond())).statusCode()).as("body changed after signing").isEqualTo(400);
    HttpResponse<String> stale = postEvent(failed, Webhook.Signature.generateSignatureHeader(failed, settings.webhookSecret(),
        clock.instant().minusSeconds(301).getEpochSecond()));
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("signature_expired");
    assertThat(api().get("/api/v1/billing/invoices", w.token()).body()).as("nothing refused was applied").isEmpty();

    HttpResponse<String> accepted = postSigned(failed);
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.body()).contains("PROCESSED");
    assertThat(api().get("/api/v1/billing", w.token()).body().path("graceUntil").isString()).isTrue();

    // paid, then the failure delivered again: answered, not processed again (the grace period stays lifted)
    ObjectNode paidInvoice = (ObjectNode) ApiClient.JSON.readTree(failed).path("data").path("object");
    assertThat(postSigned(event("invoice.paid", clock.instant(), paidInvoice)).body()).contains("PROCESSED");
    JsonNode paid = api().get("/api/v1/billing", w.token()).body();
    assertThat(paid.path("graceUntil").isNull() || paid.path("graceUntil").isMissingNode()).isTrue();
    HttpResponse<String> replayed = postSigned(failed);
    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(replayed.body()).contains("DUPLICATE");
    JsonNode billing = api().get("/api/v1/billing", w.token()).body();
    assertThat(billing.path("graceUntil").isNull() || billing.path("graceUntil").isMissingNode()).isTrue();
    assertThat(billing.path("throttle").isNull() || billing.path("throttle").isMissingNode()).isTrue();
    assertThat(auditCount(w, "billing.payment_failed")).isEqualTo(1);
  }

  @Test
  void shouldNotRegressStateWhenEventsArriveOutOfOrder() throws Exception {
    Workspace w = signUp("Ordered Co");
    subscribe(w, "starter");
    String customer = customerOf(w);
    String subscriptionId = column("select stripe_subscription_id from billing_accounts where tenant_id = ?", w.id());
    String itemId = column("select subscription_item_id from billing_accounts where tenant_id = ?", w.id());
    Instant t = clock.instant();

    assertThat(postSigned(event("customer.subscription.updated", t.plusSeconds(100),
        subscription(subscriptionId, customer, itemId, "active", "price_sandbox_scale"))).statusCode()).isEqualTo(200);
    JsonNode newer = api().get("/api/v1/billing", w.token()).body();
    assertThat(newer.path("plan").asString()).isEqualTo("scale");
    assertThat(newer.path("subscriptionStatus").asString()).isEqualTo("active");

    // an older update (trialing on growth) arriving late changes nothing
    assertThat(postSigned(event("customer.subscription.updated", t.plusSeconds(50),
        subscription(subscriptionId, customer, itemId, "trialing", "price_sandbox_growth"))).statusCode()).isEqualTo(200);
    JsonNode still = api().get("/api/v1/billing", w.token()).body();
    assertThat(still.path("plan").asString()).isEqualTo("scale");
    assertThat(still.path("subscriptionStatus").asString()).isEqualTo("active");

    // an invoice paid, then its earlier failure: the invoice stays paid and no grace period starts
    String invoiceId = "in_test_" + UUID.randomUUID();
    assertThat(postSigned(event("invoice.paid", t.plusSeconds(200), invoice(invoiceId, customer, 49900))).statusCode())
        .isEqualTo(200);
    assertThat(postSigned(event("invoice.payment_failed", t.plusSeconds(150), invoice(invoiceId, customer, 49900)))
        .statusCode()).isEqualTo(200);
    JsonNode invoices = api().get("/api/v1/billing/invoices", w.token()).body();
    assertThat(invoices.findValuesAsString("status")).containsOnly("paid");
    JsonNode billing = api().get("/api/v1/billing", w.token()).body();
    assertThat(billing.path("graceUntil").isNull() || billing.path("graceUntil").isMissingNode()).isTrue();

    // the subscription deleted, then an update of the same second: it stays ended, the workspace on the free plan
    assertThat(postSigned(event("customer.subscription.deleted", t.plusSeconds(300),
        subscription(subscriptionId, customer, itemId, "canceled", "price_sandbox_scale"))).statusCode()).isEqualTo(200);
    assertThat(postSigned(event("customer.subscription.updated", t.plusSeconds(300),
        subscription(subscriptionId, customer, itemId, "active", "price_sandbox_scale"))).statusCode()).isEqualTo(200);
    JsonNode ended = api().get("/api/v1/billing", w.token()).body();
    assertThat(ended.path("subscriptionStatus").asString()).isEqualTo("canceled");
    assertThat(ended.path("plan").asString()).isEqualTo("trial");
  }

  private ObjectNode subscription(String id, String customer, String itemId, String status, String price) {
    ObjectNode s = ApiClient.JSON.createObjectNode();
    s.put("id", id);
    s.put("object", "subscription");
    s.put("customer", customer);
    s.put("status", status);
    ObjectNode item = s.putObject("items").put("object", "list").putArray("data").addObject();
    item.put("id", itemId);
    item.put("object", "subscription_item");
    item.putObject("price").put("id", price).put("object", "price");
    item.put("current_period_start", clock.instant().getEpochSecond());
    item.put("current_period_end", clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
    return s;
  }

  @Test
  void shouldThrottleAfterAFailedPaymentSuspendWhenGraceEndsAndRestoreWhenPaid() throws Exception {
    Workspace w = signUp("Overdue Co");
    subscribe(w, "starter");
    ApiClient api = api();
    String workflow = api.post("/api/v1/workflows", Map.of("name", "Hook", "graph", graph(FLOW)), w.token()).text("workflowId");
    assertThat(api.post("/api/v1/workflows/" + workflow + "/activate", Map.of(), w.token()).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/workflows/" + workflow + "/run", Map.of(), w.token()).status()).isEqualTo(201);

    JsonNode simulated = api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "payment_failed"), w.token()).body();
    assertThat(simulated.path("events").findValuesAsString("type")).contains("invoice.payment_failed");
    assertThat(simulated.path("events").findValues("webhookStatus")).allMatch(s -> s.asInt() == 200);

    JsonNode overdue = api.get("/api/v1/billing", w.token()).body();
    assertThat(overdue.path("subscriptionStatus").asString()).isEqualTo("past_due");
    assertThat(Instant.parse(overdue.path("graceUntil").asString()))
        .isBetween(clock.instant().plus(Duration.ofDays(7)).minusSeconds(1), clock.instant().plus(Duration.ofDays(7)).plusSeconds(1));
    assertThat(overdue.path("notice").path("code").asString()).isEqualTo("payment_overdue");
    assertThat(overdue.path("notice").path("message").asString()).contains("50%").contains("suspended on");
    assertThat(overdue.path("throttle").path("percent").asInt()).isEqualTo(50);
    assertThat(overdue.path("throttle").path("apiRequestsPerMinute").asLong()).isEqualTo(1500); // starter: 3,000
    assertThat(overdue.path("throttle").path("executionsPerMonth").asLong()).isEqualTo(5000);   // starter: 10,000
    assertThat(overdue.path("plan").asString()).as("still on its plan while in grace").isEqualTo("starter");

    // half the month's runs used: the throttled allowance is spent, the next run is refused with the reason
    LocalDate month = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
    execute("insert into usage_counters (tenant_id, metric, period_start, value) values (?, 'executions_per_month', ?, 5000) "
        + "on conflict (tenant_id, metric, period_start) do update set value = 5000", w.id(), month);
    ApiClient.Response throttled = api.post("/api/v1/workflows/" + workflow + "/run", Map.of(), w.token());
    assertThat(throttled.status()).isEqualTo(402);
    assertThat(throttled.text("code")).isEqualTo("payment_overdue");
    assertThat(throttled.text("detail")).contains("50% of its monthly workflow runs");

    // a day before the end of grace nothing happens; after it the workspace is suspended
    clock.advance(Duration.ofDays(6));
    sweeper.sweep();
    assertThat(column("select status from tenants where id = ?", w.id())).isEqualTo("active");
    clock.advance(Duration.ofDays(1).plusMinutes(1));
    sweeper.sweep();
    assertThat(column("select status from tenants where id = ?", w.id())).isEqualTo("suspended");
    assertThat(column("select suspended_for_non_payment from billing_accounts where tenant_id = ?", w.id())).isEqualTo("t");
    assertThat(api.post("/api/v1/auth/token", Map.of("email", w.email(), "password", PASSWORD), null).status())
        .as("a suspended workspace cannot sign in").isEqualTo(403);
    assertThat(auditCount(w, "billing.suspended_for_non_payment")).isEqualTo(1);
    sweeper.sweep();
    assertThat(auditCount(w, "billing.suspended_for_non_payment")).as("suspended once").isEqualTo(1);

    // the customer pays the open invoice at Stripe: the signed invoice.paid restores the workspace
    String customer = customerOf(w);
    List<SandboxStripe.Delivered> paid = sandbox.deliver(db.platform(tx -> sandbox.payInvoice(tx, customer)));
    assertThat(paid).extracting(SandboxStripe.Delivered::webhookStatus).containsOnly(200);
    assertThat(column("select status from tenants where id = ?", w.id())).isEqualTo("active");
    String token = api.token(w.email(), PASSWORD);
    JsonNode restored = api.get("/api/v1/billing", token).body();
    assertThat(restored.path("suspendedForNonPayment").asBoolean()).isFalse();
    assertThat(restored.path("graceUntil").isNull() || restored.path("graceUntil").isMissingNode()).isTrue();
    assertThat(restored.path("throttle").isNull() || restored.path("throttle").isMissingNode()).isTrue();
    assertThat(restored.path("subscriptionStatus").asString()).isEqualTo("active");
    assertThat(api.post("/api/v1/workflows/" + workflow + "/run", Map.of(), token).status())
        .as("runs admitted again at the full allowance").isEqualTo(201);
    assertThat(auditCount(w, "billing.service_restored")).isEqualTo(1);
  }

  @Test
  void shouldNeverReactivateAWorkspaceASuperadminSuspended() throws Exception {
    Workspace w = signUp("Held Co");
    api().post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "payment_failed"), w.token());
    execute("update tenants set status = 'suspended' where id = ?", w.id()); // by hand, for another reason
    clock.advance(Duration.ofDays(8));
    sweeper.sweep();
    assertThat(column("select suspended_for_non_payment from billing_accounts where tenant_id = ?", w.id()))
        .as("billing did not suspend it").isEqualTo("f");
    String customer = customerOf(w);
    sandbox.deliver(db.platform(tx -> sandbox.payInvoice(tx, customer)));
    assertThat(column("select status from tenants where id = ?", w.id())).as("the superadmin's suspension stays")
        .isEqualTo("suspended");
    assertThat(column("select grace_until from billing_accounts where tenant_id = ?", w.id())).as("paid").isNull();
  }

  @Test
  void shouldMarkARefundedInvoiceRefunded() throws Exception {
    Workspace w = signUp("Refund Co");
    subscribe(w, "growth");
    assertThat(api().post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "charge_refunded"), w.token()).status())
        .as("the trial's invoice charged nothing").isEqualTo(409);
    api().post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "payment_failed"), w.token());
    api().post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "invoice_paid"), w.token());
    JsonNode refund = api().post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "charge_refunded"), w.token()).body();
    assertThat(refund.path("events").get(0).path("type").asString()).isEqualTo("charge.refunded");
    assertThat(refund.path("events").get(0).path("webhookStatus").asInt()).isEqualTo(200);
    JsonNode invoices = api().get("/api/v1/billing/invoices", w.token()).body();
    List<JsonNode> refunded = new ArrayList<>();
    invoices.forEach(i -> {
      if (i.path("status").asString().equals("refunded")) {
        refunded.add(i);
      }
    });
    assertThat(refunded).hasSize(1);
    assertThat(refunded.get(0).path("amountCents").asLong()).isEqualTo(14900);
    assertThat(refunded.get(0).path("amountRefundedCents").asLong()).isEqualTo(14900);
    assertThat(refunded.get(0).path("hostedUrl").asString()).contains("/sandbox/stripe/invoices/in_");
    assertThat(api().post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "nonsense"), w.token()).status())
        .isEqualTo(400);
  }

  @Test
  void shouldRefuseADowngradeBelowCurrentUseWithWhatToChangeAndApplyItOtherwise() throws Exception {
    Workspace w = signUp("Downgrade Co");
    ApiClient api = api();
    assertThat(api.post("/api/v1/billing/change-plan", Map.of("plan", "starter"), w.token()).text("code"))
        .isEqualTo("no_subscription");
    subscribe(w, "growth");
    List<String> workflows = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      String id = api.post("/api/v1/workflows", Map.of("name", "Flow " + i, "graph", graph(FLOW)), w.token()).text("workflowId");
      assertThat(api.post("/api/v1/workflows/" + id + "/activate", Map.of(), w.token()).status()).isEqualTo(200);
      workflows.add(id);
    }
    for (int i = 0; i < 3; i++) {
      execute("insert into users (tenant_id, id, email, role) values (?, ?, ?, 'member')", w.id(), UUID.randomUUID(),
          uniqueEmail("seat"));
    }

    ApiClient.Response refused = api.post("/api/v1/billing/change-plan", Map.of("plan", "starter"), w.token());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("code")).isEqualTo("downgrade_blocked");
    List<String> changes = new ArrayList<>();
    refused.body().path("changesNeeded").forEach(c -> changes.add(c.asString()));
    assertThat(changes).containsExactly(
        "Switch off 1 of your 11 active workflows: the Starter plan allows 10.",
        "Remove or disable 1 of your 4 users: the Starter plan allows 3 seats.");
    assertThat(api.get("/api/v1/billing", w.token()).text("plan")).isEqualTo("growth");

    api.post("/api/v1/workflows/" + workflows.get(0) + "/deactivate", Map.of(), w.token());
    execute("update users set status = 'disabled' where tenant_id = ? and role = 'member' and id = "
        + "(select id from users where tenant_id = ? and role = 'member' limit 1)", w.id(), w.id());
    ApiClient.Response changed = api.post("/api/v1/billing/change-plan", Map.of("plan", "starter"), w.token());
    assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
    assertThat(changed.text("plan")).isEqualTo("starter");
    assertThat(api.get("/api/v1/billing", w.token()).text("plan")).isEqualTo("starter");
    String subscriptionId = column("select stripe_subscription_id from billing_accounts where tenant_id = ?", w.id());
    assertThat(gateway.retrieveSubscription(subscriptionId).planPrice()).contains("price_sandbox_starter");
    assertThat(auditCount(w, "billing.plan_change_requested")).isEqualTo(1);

    // upgrading needs no check
    assertThat(api.post("/api/v1/billing/change-plan", Map.of("plan", "scale"), w.token()).status()).isEqualTo(200);
    assertThat(gateway.retrieveSubscription(subscriptionId).planPrice()).contains("price_sandbox_scale");

    // cancelling ends the subscription at Stripe, whose signed event puts the workspace on the free plan
    ApiClient.Response cancelled = api.post("/api/v1/billing/cancel", Map.of(), w.token());
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.text("subscriptionStatus")).isEqualTo("canceled");
    JsonNode ended = api.get("/api/v1/billing", w.token()).body();
    assertThat(ended.path("subscriptionStatus").asString()).isEqualTo("canceled");
    assertThat(ended.path("plan").asString()).isEqualTo("trial");
    assertThat(api.post("/api/v1/billing/cancel", Map.of(), w.token()).text("code")).isEqualTo("no_subscription");
  }

  @Test
  void shouldReportAClosedMonthsUsageToStripeOnce() throws Exception {
    Workspace w = signUp("Metered Co");
    subscribe(w, "starter");
    LocalDate closed = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);
    execute("insert into usage_counters (tenant_id, metric, period_start, value) values (?, 'executions_per_month', ?, 42)",
        w.id(), closed);
    String identifier = "usage-" + w.id() + "-" + closed;

    sweeper.sweep();
    sweeper.sweep();
    assertThat(meterEvents(identifier)).containsExactly("42");
    assertThat(column("select reported_at is not null from billing_usage_reports where tenant_id = ?", w.id())).isEqualTo("t");

    // the answer of the first report lost (not marked reported): the retry is answered from Stripe's idempotency
    execute("update billing_usage_reports set reported_at = null where tenant_id = ?", w.id());
    sweeper.sweep();
    assertThat(meterEvents(identifier)).as("never reported twice").containsExactly("42");
    assertThat(column("select reported_at is not null from billing_usage_reports where tenant_id = ?", w.id())).isEqualTo("t");
  }

  private static List<String> meterEvents(String identifier) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("select body -> 'payload' ->> 'value' from sandbox_stripe_objects "
             + "where object = 'billing.meter_event' and body ->> 'identifier' = ?")) {
      ps.setString(1, identifier);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }

  @Test
  void shouldShowAWorkspaceOnlyItsOwnInvoices() throws Exception {
    Workspace a = signUp("Invoice A");
    Workspace b = signUp("Invoice B");
    subscribe(a, "starter");
    api().post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "payment_failed"), a.token());
    JsonNode mine = api().get("/api/v1/billing/invoices", a.token()).body();
    assertThat(mine).hasSize(2);
    assertThat(api().get("/api/v1/billing/invoices", b.token()).body()).isEmpty();
    JsonNode theirs = api().get("/api/v1/billing", b.token()).body();
    assertThat(theirs.path("subscriptionStatus").asString()).isEqualTo("none");
    assertThat(theirs.path("throttle").isNull() || theirs.path("throttle").isMissingNode()).isTrue();
    assertThat(theirs.toString()).doesNotContain(mine.get(0).path("id").asString());
  }

}
