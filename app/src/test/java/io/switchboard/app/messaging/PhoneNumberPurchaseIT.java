package io.switchboard.app.messaging;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.app.sandbox.SandboxAccounts;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.messaging.TwilioAccount;
import io.switchboard.nodes.messaging.TwilioClients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Buying a phone number through Twilio's API against the sandbox Twilio (the real SDK, Twilio's
 * wire format): search by area code, buy with our webhooks set on it, an inbound message to it
 * starts the workspace's workflow, nobody else can buy it, and releasing it gives it back at Twilio.
 */
class PhoneNumberPurchaseIT extends IntegrationTestBase {

  private static final String PASSWORD = "numbers-pass-123";

  private static final String ON_SMS = """
      {'nodes': [
        {'id': 'in', 'type': 'trigger.sms@1', 'name': 'Incoming', 'config': {'channel': 'any'}},
        {'id': 'note', 'type': 'logic.set@1', 'name': 'Note', 'config': {'fields': [{'name': 'said', 'value': '{{ trigger.body }}'}]}}],
       'edges': [{'from': 'in', 'to': 'note'}]}
      """;

  @Autowired
  SandboxAccounts sandbox;

  @Autowired
  TwilioClients clients;

  @Autowired
  SwitchboardProperties props;

  @Test
  void shouldBuyASandboxNumberRouteItsMessagesAndGiveItBackOnRelease() {
    ApiClient api = api();
    String owner = api.signUpAndToken("Number Buyer", uniqueEmail("buyer"), PASSWORD);
    TenantId tenant = new TenantId(UUID.fromString(api.get("/api/v1/me", owner).text("tenantId")));
    var created = api.post("/api/v1/workflows", Map.of("name", "On SMS", "graph", graph(ON_SMS)), owner);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String workflowId = created.text("workflowId");
    assertThat(api.post("/api/v1/workflows/" + workflowId + "/activate", Map.of(), owner).status()).isEqualTo(200);

    String area = String.valueOf(ThreadLocalRandom.current().nextInt(201, 550)); // not 555: other tests attach +1555… numbers
    var search = api.get("/api/v1/phone-numbers/available?country=US&areaCode=" + area + "&sms=true&voice=true", owner);
    assertThat(search.status()).as(search.body().toString()).isEqualTo(200);
    assertThat(search.body()).isNotEmpty();
    for (JsonNode n : search.body()) {
      assertThat(n.path("number").asString()).startsWith("+1" + area + "5550");
      assertThat(n.path("sms").asBoolean()).isTrue();
      assertThat(n.path("voice").asBoolean()).isTrue();
    }
    var narrowed = api.get("/api/v1/phone-numbers/available?areaCode=" + area + "&contains=0142", owner).body();
    assertThat(narrowed).hasSize(1);
    assertThat(narrowed.get(0).path("number").asString()).isEqualTo("+1" + area + "5550142");
    String number = search.body().get(0).path("number").asString();

    // a member may not buy
    String memberEmail = uniqueEmail("numbers-member");
    String member = api.signUpAndToken("Number Member", memberEmail, PASSWORD);
    demoteToMember(memberEmail);
    var refused = api.post("/api/v1/phone-numbers/purchase", Map.of("number", number), member);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().path("detail").asString()).contains("Only a workspace admin can buy phone numbers");
    assertThat(api.get("/api/v1/phone-numbers/available?areaCode=" + area, member).status()).isEqualTo(403);

    var bought = api.post("/api/v1/phone-numbers/purchase", Map.of("number", number, "friendlyName", "Front desk",
        "workflowId", workflowId), owner);
    assertThat(bought.status()).as(bought.body().toString()).isEqualTo(201);
    assertThat(bought.body().path("number").asString()).isEqualTo(number);
    assertThat(bought.body().path("sandbox").asBoolean()).isTrue();
    assertThat(bought.body().path("workflowId").asString()).isEqualTo(workflowId);
    String numberId = bought.text("id");
    String numberSid = bought.body().path("providerSid").asString();
    assertThat(numberSid).startsWith("PN");

    // what the (sandbox) Twilio now holds for the workspace's account, read back with the Twilio SDK
    TwilioAccount account = sandbox.twilio(tenant);
    IncomingPhoneNumber held = IncomingPhoneNumber.fetcher(account.accountSid(), numberSid).fetch(clients.client(account));
    String base = props.publicBaseUrl().replaceAll("/$", "");
    assertThat(held.getPhoneNumber().toString()).isEqualTo(number);
    assertThat(held.getSmsUrl().toString()).isEqualTo(base + "/hooks/twilio/sms");
    assertThat(held.getVoiceUrl().toString()).isEqualTo(base + "/hooks/twilio/call");
    assertThat(held.getStatusCallback().toString()).isEqualTo(base + "/hooks/twilio/call");
    assertThat(held.getFriendlyName()).isEqualTo("Front desk");

    // nobody else can have it, and the sandbox no longer offers it
    String other = api.signUpAndToken("Number Rival", uniqueEmail("rival"), PASSWORD);
    var taken = api.post("/api/v1/phone-numbers/purchase", Map.of("number", number), other);
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.body().path("code").asString()).isEqualTo("number_taken");
    assertThat(taken.body().path("detail").asString()).contains(number).contains("can belong to one workspace only");
    assertThat(api.get("/api/v1/phone-numbers/available?areaCode=" + area, other).body().toString()).doesNotContain(number);
    assertThat(api.post("/api/v1/phone-numbers/purchase", Map.of("number", number), owner).status())
        .as("buying it twice").isEqualTo(409);

    // an inbound message to it starts the connected workflow
    var simulated = api.post("/api/v1/sandbox/simulate/sms", Map.of("from", "+15557770123", "to", number,
        "body", "Is the shop open?"), owner);
    assertThat(simulated.status()).as(simulated.body().toString()).isEqualTo(200);
    assertThat(simulated.body().path("webhookStatus").asInt()).isEqualTo(200);
    JsonNode runs = Await.until("the connected workflow to run", () -> api.get("/api/v1/executions?workflowId=" + workflowId,
        owner).body(), r -> r.size() == 1 && r.get(0).toString().contains("succeeded"));
    JsonNode run = api.get("/api/v1/executions/" + runs.get(0).path("id").asString(), owner).body();
    assertThat(run.toString()).contains("Is the shop open?");

    // release: gone from the workspace and from Twilio, and free for another workspace
    assertThat(api.delete("/api/v1/phone-numbers/" + numberId, owner).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/phone-numbers", owner).body().toString()).doesNotContain(number);
    assertThatThrownBy(() -> IncomingPhoneNumber.fetcher(account.accountSid(), numberSid).fetch(clients.client(account)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    var rebought = api.post("/api/v1/phone-numbers/purchase", Map.of("number", number), other);
    assertThat(rebought.status()).as(rebought.body().toString()).isEqualTo(201);

    assertThat(api.get("/api/v1/audit-log", owner).body().toString())
        .contains("phone_number.purchase").contains("phone_number.release").contains(number);
  }

  private static void demoteToMember(String email) {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("update users set role = 'member' where email = ?")) {
      ps.setString(1, email);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
