package io.switchboard.app.billing;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The superadmin's revenue figures, from the invoices the (sandbox) Stripe's signed events wrote:
 * per workspace what it paid this month and in all (refunds taken off) and its plan's monthly price
 * as MRR while its subscription is active; the platform's totals; nobody else may see them.
 */
class ConsoleRevenueIT extends IntegrationTestBase {

  private static final String PASSWORD = "revenue-pass-42";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldShowEachWorkspacesRevenueAndThePlatformsTotalsToTheSuperadminOnly() throws Exception {
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    String paying = api.signUpAndToken("Paying Salon", uniqueEmail("paying"), PASSWORD);
    String payingId = api.get("/api/v1/me", paying).text("tenantId");
    String free = api.signUpAndToken("Free Garage", uniqueEmail("free"), PASSWORD);
    String freeId = api.get("/api/v1/me", free).text("tenantId");

    // a new workspace subscribes with a trial: nothing paid, no MRR yet
    subscribe(paying, "starter");
    JsonNode trial = tenant(api.get("/api/v1/admin/revenue", admin).body(), payingId);
    assertThat(trial.path("subscriptionStatus").asString()).isEqualTo("trialing");
    assertThat(trial.path("mrrCents").asLong()).isZero();
    assertThat(trial.path("paidTotalCents").asLong()).isZero();

    // the first month paid: the subscription is active
    assertThat(api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "invoice_paid"), paying).status()).isEqualTo(200);
    long firstInvoice = paidInvoices(api, paying);
    assertThat(firstInvoice).as("the Starter plan's month").isEqualTo(4900);

    JsonNode revenue = api.get("/api/v1/admin/revenue", admin).body();
    assertThat(revenue.path("month").asString()).isEqualTo(YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString());
    JsonNode salon = tenant(revenue, payingId);
    assertThat(salon.path("name").asString()).isEqualTo("Paying Salon");
    assertThat(salon.path("plan").asString()).isEqualTo("starter");
    assertThat(salon.path("subscriptionStatus").asString()).isEqualTo("active");
    assertThat(salon.path("mrrCents").asLong()).isEqualTo(4900);
    assertThat(salon.path("paidThisMonthCents").asLong()).isEqualTo(4900);
    assertThat(salon.path("paidTotalCents").asLong()).isEqualTo(4900);
    JsonNode garage = tenant(revenue, freeId);
    assertThat(garage.path("subscriptionStatus").asString()).isEqualTo("none");
    assertThat(garage.path("mrrCents").asLong()).isZero();
    assertThat(garage.path("paidTotalCents").asLong()).isZero();
    assertTotalsAddUp(revenue);
    assertThat(revenue.path("tenantsByStatus").path("active").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(revenue.path("subscriptionsByStatus").path("active").asLong()).isGreaterThanOrEqualTo(1);

    // another month paid, then refunded: paid figures follow the invoices
    assertThat(api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "invoice_paid"), paying).status()).isEqualTo(200);
    long afterSecond = paidInvoices(api, paying);
    assertThat(afterSecond).isGreaterThan(firstInvoice);
    revenue = api.get("/api/v1/admin/revenue", admin).body();
    assertThat(tenant(revenue, payingId).path("paidThisMonthCents").asLong()).isEqualTo(afterSecond);
    assertThat(tenant(revenue, payingId).path("paidTotalCents").asLong()).isEqualTo(afterSecond);
    assertTotalsAddUp(revenue);

    assertThat(api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "charge_refunded"), paying).status())
        .isEqualTo(200);
    long afterRefund = paidInvoices(api, paying);
    assertThat(afterRefund).isLessThan(afterSecond);
    revenue = api.get("/api/v1/admin/revenue", admin).body();
    assertThat(tenant(revenue, payingId).path("paidTotalCents").asLong()).isEqualTo(afterRefund);

    // next month nothing is paid yet; the total stays
    String next = YearMonth.now(clock.withZone(ZoneOffset.UTC)).plusMonths(1).toString();
    JsonNode nextMonth = api.get("/api/v1/admin/revenue?month=" + next, admin).body();
    assertThat(tenant(nextMonth, payingId).path("paidThisMonthCents").asLong()).isZero();
    assertThat(tenant(nextMonth, payingId).path("paidTotalCents").asLong()).isEqualTo(afterRefund);

    // a cancelled subscription no longer counts towards MRR
    assertThat(api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "subscription_canceled"), paying).status())
        .isEqualTo(200);
    assertThat(tenant(api.get("/api/v1/admin/revenue", admin).body(), payingId).path("mrrCents").asLong()).isZero();

    ApiClient.Response badMonth = api.get("/api/v1/admin/revenue?month=November", admin);
    assertThat(badMonth.status()).isEqualTo(400);
    assertThat(badMonth.text("detail")).contains("2026-11");
    ApiClient.Response refused = api.get("/api/v1/admin/revenue", paying);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("detail")).contains("superadmin");
    assertThat(api.get("/api/v1/admin/revenue", null).status()).isEqualTo(401);
  }

  private static void assertTotalsAddUp(JsonNode revenue) {
    long mrr = 0;
    long month = 0;
    long total = 0;
    for (JsonNode t : revenue.path("tenants")) {
      mrr += t.path("mrrCents").asLong();
      month += t.path("paidThisMonthCents").asLong();
      total += t.path("paidTotalCents").asLong();
    }
    assertThat(revenue.path("mrrCents").asLong()).isEqualTo(mrr);
    assertThat(revenue.path("paidThisMonthCents").asLong()).isEqualTo(month);
    assertThat(revenue.path("paidTotalCents").asLong()).isEqualTo(total);
  }

  private static JsonNode tenant(JsonNode revenue, String id) {
    return StreamSupport.stream(revenue.path("tenants").spliterator(), false)
        .filter(t -> t.path("tenantId").asString().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no workspace " + id + " in " + revenue));
  }

  /** What the workspace's invoices paid, refunds taken off, as its own invoice list shows them. */
  private static long paidInvoices(ApiClient api, String token) {
    long paid = 0;
    for (JsonNode i : api.get("/api/v1/billing/invoices", token).body()) {
      if (!i.path("status").asString().equals("failed")) {
        paid += i.path("amountCents").asLong() - i.path("amountRefundedCents").asLong();
      }
    }
    return paid;
  }

  /** Starts Checkout and completes it on the sandbox's Checkout page, as the owner's browser would. */
  private void subscribe(String token, String plan) throws Exception {
    ApiClient.Response checkout = api().post("/api/v1/billing/checkout", Map.of("plan", plan), token);
    assertThat(checkout.status()).as(checkout.body().toString()).isEqualTo(200);
    URI page = URI.create("http://127.0.0.1:" + port + URI.create(checkout.text("url")).getRawPath());
    HttpResponse<String> completed = http.send(HttpRequest.newBuilder(page).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(completed.statusCode()).isEqualTo(303);
  }
}
