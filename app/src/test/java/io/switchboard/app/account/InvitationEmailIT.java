package io.switchboard.app.account;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invitation links are e-mailed through the platform's mail: in sandbox mode the e-mail lands in the
 * sandbox outbox of the workspace it is for (through the real SendGrid SDK), uses none of the
 * workspace's message allowance, still comes back as {@code invitationUrl}, and shows its link only
 * to admins and owners.
 */
class InvitationEmailIT extends IntegrationTestBase {

  private static final String PASSWORD = "invited-pass-42";

  @Test
  void shouldEmailTheOwnersInvitationWhenTheSuperadminAddsAWorkspaceWithoutPassword() throws Exception {
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    String ownerEmail = uniqueEmail("florist-owner");
    ApiClient.Response created = api.post("/api/v1/tenants", Map.of("name", "Invited Florist", "ownerName", "Flo",
        "ownerEmail", ownerEmail), admin);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String link = created.text("invitationUrl");
    assertThat(link).contains("/invite/");
    assertThat(created.body().path("invitationEmailed").asBoolean()).isTrue();

    List<String[]> mails = outboxEmails(UUID.fromString(created.text("id")), ownerEmail);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0)[0]).contains("Invited Florist");
    assertThat(mails.get(0)[1]).contains(link).contains("owner");

    // the link from the e-mail works; the owner then sees the e-mail in the workspace's sandbox outbox
    String token = link.substring(link.indexOf("/invite/") + "/invite/".length());
    assertThat(api.post("/api/v1/auth/invitations/" + token + "/accept", Map.of("password", PASSWORD), null).status())
        .isEqualTo(200);
    String owner = api.token(ownerEmail, PASSWORD);
    JsonNode outbox = api.get("/api/v1/sandbox/outbox?channel=email", owner).body();
    assertThat(outbox).hasSize(1);
    assertThat(outbox.get(0).path("to").asString()).isEqualTo(ownerEmail);
    assertThat(outbox.get(0).path("body").asString()).contains(link);
  }

  @Test
  void shouldEmailATeamInvitationWithoutUsingTheMessageAllowanceAndHideItsLinkFromMembers() throws Exception {
    ApiClient api = api();
    String owner = api.signUpAndToken("Invite Clinic", uniqueEmail("clinic-owner"), PASSWORD);
    UUID tenant = UUID.fromString(api.get("/api/v1/me", owner).text("tenantId"));
    // room for three people (the trial plan has two seats)
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenant + "/plan", Map.of("plan", "growth"),
        api.token(ADMIN_EMAIL, ADMIN_PASSWORD)).status()).isEqualTo(200);
    String invitedEmail = uniqueEmail("clinic-admin");

    ApiClient.Response added = api.post("/api/v1/users", Map.of("email", invitedEmail, "displayName", "Ada", "role", "admin"),
        owner);
    assertThat(added.status()).as(added.body().toString()).isEqualTo(201);
    String link = added.text("invitationUrl");
    assertThat(link).contains("/invite/");
    assertThat(added.body().path("invitationEmailed").asBoolean()).isTrue();

    JsonNode outbox = api.get("/api/v1/sandbox/outbox?channel=email", owner).body();
    assertThat(outbox).hasSize(1);
    JsonNode mail = outbox.get(0);
    assertThat(mail.path("to").asString()).isEqualTo(invitedEmail);
    assertThat(mail.path("subject").asString()).isEqualTo("You're invited to Invite Clinic on Switchboard");
    assertThat(mail.path("body").asString()).contains(link, "as an admin");

    // a new link is e-mailed again; the old one stops working
    ApiClient.Response again = api.post("/api/v1/users/" + added.text("id") + "/invitation", Map.of(), owner);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("invitationEmailed").asBoolean()).isTrue();
    assertThat(outboxEmails(tenant, invitedEmail)).hasSize(2);
    assertThat(outboxEmails(tenant, invitedEmail)).anySatisfy(m -> assertThat(m[1]).contains(again.text("invitationUrl")));

    // platform e-mail is not the workspace's messaging: no message rows, nothing counted against the plan
    assertThat(api.get("/api/v1/messages?channel=email", owner).body()).isEmpty();
    assertThat(api.get("/api/v1/usage", owner).body().path("used").path("messages_per_day").asLong(0)).isZero();

    // a member sees that an e-mail went out, not its link
    String memberEmail = uniqueEmail("clinic-member");
    assertThat(api.post("/api/v1/users", Map.of("email", memberEmail, "role", "member", "password", PASSWORD), owner).status())
        .isEqualTo(201);
    String member = api.token(memberEmail, PASSWORD);
    JsonNode seen = api.get("/api/v1/sandbox/outbox?channel=email", member).body();
    assertThat(seen).hasSize(2);
    assertThat(seen.toString()).doesNotContain("/invite/").contains("only admins and owners");
  }

  /** The e-mails in the workspace's sandbox outbox to {@code to}, newest first: subject and body. */
  private static List<String[]> outboxEmails(UUID tenant, String to) throws Exception {
    List<String[]> mails = new ArrayList<>();
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("select subject, body from sandbox_outbox where tenant_id = ? "
             + "and channel = 'email' and to_address = ? order by created_at desc")) {
      ps.setObject(1, tenant);
      ps.setString(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          mails.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return mails;
  }
}
