package io.switchboard.app.account;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace's team: an admin invites people within the plan's seats, the invited person sets a
 * password through the link, owners change roles (the workspace always keeps an owner), members
 * cannot manage the team, and a removed person can no longer sign in.
 */
class TeamIT extends IntegrationTestBase {

  @Test
  void shouldInviteWithinSeatsChangeRolesAndRemovePeople() {
    ApiClient api = api();
    String ownerEmail = uniqueEmail("team-owner");
    String owner = api.signUpAndToken("Team Co", ownerEmail, "team-owner-pass-1");
    String ownerId = api.get("/api/v1/me", owner).text("userId");

    String samEmail = uniqueEmail("sam");
    ApiClient.Response invited = api.post("/api/v1/users", Map.of("email", samEmail, "displayName", "Sam", "role", "member"), owner);
    assertThat(invited.status()).as(invited.body().toString()).isEqualTo(201);
    assertThat(invited.body().path("status").asString()).isEqualTo("invited");
    String samId = invited.body().path("id").asString();
    String link = invited.body().path("invitationUrl").asString();
    assertThat(api.post("/api/v1/users", Map.of("email", samEmail), owner).text("code")).isEqualTo("already_member");

    // the trial plan has two seats: the owner and Sam
    ApiClient.Response full = api.post("/api/v1/users", Map.of("email", uniqueEmail("third"), "role", "member"), owner);
    assertThat(full.status()).isEqualTo(402);
    assertThat(full.text("detail")).contains("2 seats");

    String secret = link.substring(link.lastIndexOf('/') + 1);
    assertThat(api.post("/api/v1/auth/invitations/" + secret + "/accept", Map.of("password", "sam-chosen-pass-1"), null)
        .text("email")).isEqualTo(samEmail);
    String sam = api.token(samEmail, "sam-chosen-pass-1");
    assertThat(api.get("/api/v1/users/" + samId, owner).text("status")).isEqualTo("active");

    // a member may not manage the team
    assertThat(api.post("/api/v1/users", Map.of("email", uniqueEmail("x")), sam).status()).isEqualTo(403);
    assertThat(api.delete("/api/v1/users/" + ownerId, sam).status()).isEqualTo(403);
    // roles change; nobody changes their own (the workspace keeps its owner)
    assertThat(api.patch("/api/v1/users/" + samId, Map.of("role", "admin"), owner).text("role")).isEqualTo("admin");
    assertThat(api.patch("/api/v1/users/" + ownerId, Map.of("role", "member"), owner).text("code")).isEqualTo("own_role");
    assertThat(api.patch("/api/v1/users/" + samId, Map.of("role", "boss"), owner).status()).isEqualTo(400);

    // a new link replaces the old one only while the person has not chosen a password
    assertThat(api.post("/api/v1/users/" + samId + "/invitation", Map.of(), owner).text("code")).isEqualTo("not_invited");
    // removed: Sam cannot sign in, and the seat is free again
    assertThat(api.delete("/api/v1/users/" + samId, owner).status()).isEqualTo(204);
    assertThat(api.post("/api/v1/auth/token", Map.of("email", samEmail, "password", "sam-chosen-pass-1"), null).status())
        .isNotEqualTo(200);
    assertThat(api.post("/api/v1/users", Map.of("email", samEmail, "role", "member"), owner).status())
        .as("a removed person can be invited again").isEqualTo(201);
    assertThat(api.get("/api/v1/audit-log", owner).body().toString()).contains("user.invited").contains("user.role_changed")
        .contains("user.removed");

    // the owner exports it; the superadmin reads it, and that reading is in the log too
    ApiClient.Response csv = api.get("/api/v1/audit-log/export", owner);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body().asString()).startsWith("at,actor_email,action").contains("\"user.removed\"").contains(samEmail);
    String tenantId = api.get("/api/v1/me", owner).text("tenantId");
    assertThat(api.get("/api/v1/audit-log/tenants/" + tenantId, owner).status()).isEqualTo(403);
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.get("/api/v1/audit-log/tenants/" + tenantId, admin).body().toString()).contains("user.invited");
    assertThat(api.get("/api/v1/audit-log", owner).body().toString()).contains("audit_log.read_by_superadmin");
  }
}
