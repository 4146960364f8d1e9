package io.switchboard.app.onboarding;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new client onboarded through the API in sandbox mode, as an agency does it: the superadmin adds
 * the workspace and its owner is invited; the owner sets a password through the link, buys a number,
 * uploads the knowledge base, pastes the Cal.com link and turns on the SMS knowledge-base responder
 * on the number; a text to the number is answered. Then the month's runs are used up (402, and no
 * run starts), a failed payment throttles the workspace and a paid invoice restores it.
 */
class OnboardingIT extends IntegrationTestBase {

  private static final String OWNER_PASSWORD = "owner-chosen-pass-1";

  @Test
  void shouldOnboardAClientUntilTheirNumberAnswersThenEnforceQuotaAndBilling() throws Exception {
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    String ownerEmail = uniqueEmail("owner");

    // 1. the superadmin adds the client with a plan and the owner's e-mail: the owner gets an invitation link
    ApiClient.Response created = api.post("/api/v1/tenants", Map.of("name", "Harbor Dental", "plan", "starter",
        "timezone", "America/New_York", "ownerName", "Hana Harbor", "ownerEmail", ownerEmail), admin);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String tenantId = created.text("id");
    String link = created.text("invitationUrl");
    assertThat(link).contains("/invite/");
    String secret = link.substring(link.lastIndexOf('/') + 1);
    assertThat(api.post("/api/v1/auth/token", Map.of("email", ownerEmail, "password", OWNER_PASSWORD), null).status())
        .as("no password yet").isEqualTo(401);
    JsonNode invitation = api.get("/api/v1/auth/invitations/" + secret, null).body();
    assertThat(invitation.path("workspace").asString()).isEqualTo("Harbor Dental");
    assertThat(invitation.path("role").asString()).isEqualTo("owner");
    assertThat(api.post("/api/v1/auth/invitations/" + secret + "/accept", Map.of("password", "short"), null).status())
        .isEqualTo(400);
    assertThat(api.post("/api/v1/auth/invitations/" + secret + "/accept", Map.of("password", OWNER_PASSWORD), null).status())
        .isEqualTo(200);
    assertThat(api.post("/api/v1/auth/invitations/" + secret + "/accept", Map.of("password", OWNER_PASSWORD), null).status())
        .as("a link works once").isEqualTo(410);
    String owner = api.token(ownerEmail, OWNER_PASSWORD);

    // 2. a phone number bought for the workspace
    String number = getNumber(api, owner);

    // 3. the knowledge base
    String kb = api.post("/api/v1/knowledge-bases", Map.of("name", "Front desk"), owner).text("id");
    HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + port + "/api/v1/knowledge-bases/" + kb + "/documents?fileName=faq.md"))
        .header("Authorization", "Bearer " + owner).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofString("# Opening hours\nWe are open Monday to Friday, 8 am to 6 pm.\n"
            + "# Parking\nFree parking is behind the building.\n")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).isEqualTo(202);
    String document = ApiClient.JSON.readTree(uploaded.body()).path("id").asString();
    Await.until("the knowledge base indexed", () -> api.get("/api/v1/knowledge-bases/" + kb + "/documents/" + document, owner)
        .body(), d -> d.path("status").asString().equals("indexed"));

    // 4. the Cal.com link
    assertThat(api.send("PUT", "/api/v1/tenant/outreach", Map.of("bookingLink", "https://cal.com/harbor-dental/visit"), owner)
        .status()).isEqualTo(200);

    // 5. the template, live on the number
    String templateId = StreamSupport.stream(api.get("/api/v1/templates", owner).body().path("templates").spliterator(), false)
        .filter(t -> t.path("slug").asString().equals("sms-knowledge-base-responder")).findFirst().orElseThrow()
        .path("id").asString();
    ApiClient.Response made = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true,
        "inputs", Map.of("number", number, "knowledgeBase", kb)), owner);
    assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
    assertThat(made.body().path("active").asBoolean()).isTrue();
    assertThat(made.body().path("connectedNumber").asString()).isEqualTo(number);
    String workflowId = made.body().path("workflowId").asString();

    // 6. a customer texts the number and is answered (by the sandbox model, which says so)
    String customer = "+15559820001";
    assertThat(api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", number,
        "body", "When are you open?"), owner).status()).isEqualTo(200);
    JsonNode reply = Await.until("the answer", () -> texts(api, owner, customer), l -> !l.isEmpty()).getFirst();
    assertThat(reply.path("from").asString()).isEqualTo(number);
    assertThat(reply.path("body").asString()).contains("Sandbox AI reply");

    // 7. the month's runs used up: the API answers 402 and no run starts, a text is refused with the reason
    api.send("PUT", "/api/v1/plans/onboarding-tiny", Map.of("name", "Tiny", "limits", Map.of("executions_per_month", 1,
        "active_workflows", 3, "seats", 2)), admin);
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenantId + "/plan", Map.of("plan", "onboarding-tiny"), admin).status())
        .isEqualTo(200);
    int runsBefore = runs(api, owner, workflowId).size();
    ApiClient.Response refused = api.post("/api/v1/workflows/" + workflowId + "/run", Map.of(), owner);
    assertThat(refused.status()).isEqualTo(402);
    assertThat(refused.text("detail")).containsIgnoringCase("upgrade");
    api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", number, "body", "And on Saturday?"), owner);
    JsonNode usage = Await.until("the refusal recorded", () -> api.get("/api/v1/usage", owner).body(),
        u -> u.path("recentRefusals").size() >= 2);
    assertThat(usage.path("recentRefusals").toString()).contains("sms");
    assertThat(runs(api, owner, workflowId)).hasSize(runsBefore);

    // 8. back on Starter: a failed payment throttles the workspace, a paid invoice restores it
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenantId + "/plan", Map.of("plan", "starter"), admin).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/workflows/" + workflowId + "/run", Map.of(), owner).status()).isEqualTo(201);
    api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "payment_failed"), owner);
    JsonNode overdue = api.get("/api/v1/billing", owner).body();
    assertThat(overdue.path("throttle").path("percent").asInt()).isEqualTo(50);
    assertThat(overdue.path("notice").path("code").asString()).isEqualTo("payment_overdue");
    api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "invoice_paid"), owner);
    JsonNode restored = api.get("/api/v1/billing", owner).body();
    assertThat(restored.path("throttle").isNull() || restored.path("throttle").isMissingNode()).as(restored.toString()).isTrue();
    assertThat(restored.path("workspaceStatus").asString()).isEqualTo("active");
    assertThat(api.post("/api/v1/workflows/" + workflowId + "/run", Map.of(), owner).status()).isEqualTo(201);
  }

  /** Searches the (sandbox) Twilio for a number in an area code and buys it, as the owner's first step does. */
  private static String getNumber(ApiClient api, String owner) {
    String area = String.valueOf(java.util.concurrent.ThreadLocalRandom.current().nextInt(601, 990));
    ApiClient.Response available = api.get("/api/v1/phone-numbers/available?country=US&areaCode=" + area + "&sms=true", owner);
    assertThat(available.status()).as(available.body().toString()).isEqualTo(200);
    String number = available.body().get(0).path("number").asString();
    ApiClient.Response bought = api.post("/api/v1/phone-numbers/purchase", Map.of("number", number, "friendlyName", "Front desk"),
        owner);
    assertThat(bought.status()).as(bought.body().toString()).isEqualTo(201);
    return number;
  }

  private static List<JsonNode> texts(ApiClient api, String token, String to) {
    return StreamSupport.stream(api.get("/api/v1/sandbox/outbox", token).body().spliterator(), false)
        .filter(m -> m.path("channel").asString().equals("sms") && m.path("to").asString().equals(to)).toList();
  }

  private static List<JsonNode> runs(ApiClient api, String token, String workflowId) {
    return StreamSupport.stream(api.get("/api/v1/executions?workflowId=" + workflowId, token).body().spliterator(), false).toList();
  }
}
