package io.switchboard.app.account;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A workspace's people and time zone: who may change what, and that a workspace always keeps an owner. */
class TeamApiIT extends IntegrationTestBase {

  private static final String PASSWORD = "team-pass-4242";

  @Test
  void shouldAddChangeAndRemovePeopleKeepingAnOwner() {
    ApiClient api = api();
    String ownerEmail = uniqueEmail("team-owner");
    String owner = api.signUpAndToken("Team Co", ownerEmail, PASSWORD);
    // room for four people: the trial plan has two seats (TeamIT covers the seat limit)
    String superadmin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.send("PUT", "/api/v1/tenants/" + api.get("/api/v1/me", owner).text("tenantId") + "/plan",
        Map.of("plan", "growth"), superadmin).status()).isEqualTo(200);
    String ownerId = api.get("/api/v1/me", owner).text("userId");

    String adminEmail = uniqueEmail("team-admin");
    ApiClient.Response added = api.post("/api/v1/users", Map.of("email", adminEmail, "displayName", "Ada",
        "role", "admin", "password", PASSWORD), owner);
    assertThat(added.status()).isEqualTo(201);
    String adminId = added.text("id");
    String admin = api.token(adminEmail, PASSWORD);
    assertThat(api.post("/api/v1/users", Map.of("email", adminEmail, "role", "member", "password", PASSWORD), owner).status())
        .isEqualTo(409);
    assertThat(api.post("/api/v1/users", Map.of("email", uniqueEmail("weak"), "role", "member", "password", "short"), owner)
        .text("code")).isEqualTo("invalid_password");

    // an admin adds members but makes no owners, and touches no owner
    String memberEmail = uniqueEmail("team-member");
    String memberId = api.post("/api/v1/users", Map.of("email", memberEmail, "role", "member", "password", PASSWORD), admin)
        .text("id");
    assertThat(api.patch("/api/v1/users/" + memberId, Map.of("role", "owner"), admin).status()).isEqualTo(403);
    assertThat(api.patch("/api/v1/users/" + ownerId, Map.of("role", "member"), admin).status()).isEqualTo(403);
    String member = api.token(memberEmail, PASSWORD);
    assertThat(api.post("/api/v1/users", Map.of("email", uniqueEmail("x"), "role", "member", "password", PASSWORD), member)
        .status()).isEqualTo(403);

    // nobody changes themselves; the last owner stays an owner
    assertThat(api.patch("/api/v1/users/" + ownerId, Map.of("role", "admin"), owner).text("code")).isEqualTo("own_role");
    assertThat(api.patch("/api/v1/users/" + adminId, Map.of("role", "owner"), owner).status()).isEqualTo(200);
    String secondOwner = api.token(adminEmail, PASSWORD);
    assertThat(api.patch("/api/v1/users/" + ownerId, Map.of("role", "admin"), secondOwner).status()).isEqualTo(200);
    // the first owner, now an admin, can no longer change the owner
    assertThat(api.patch("/api/v1/users/" + adminId, Map.of("role", "admin"), api.token(ownerEmail, PASSWORD)).status())
        .isEqualTo(403);

    // removed, a person can no longer sign in, and their e-mail is free again
    assertThat(api.delete("/api/v1/users/" + memberId, secondOwner).status()).isEqualTo(204);
    assertThat(api.post("/api/v1/auth/token", Map.of("email", memberEmail, "password", PASSWORD), null).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/workflows", member).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/users", Map.of("email", memberEmail, "role", "member", "password", PASSWORD), secondOwner)
        .status()).isEqualTo(201);
    assertThat(api.get("/api/v1/audit-log", secondOwner).body().toString())
        .contains("user.added", "user.role_changed", "user.removed");
  }

  @Test
  void shouldChangeTheTimeZoneForAdminsOnly() {
    ApiClient api = api();
    String owner = api.signUpAndToken("Zone Co", uniqueEmail("zone"), PASSWORD);
    assertThat(api.patch("/api/v1/tenant", Map.of("timezone", "Europe/Lisbon"), owner).text("timezone"))
        .isEqualTo("Europe/Lisbon");
    assertThat(api.patch("/api/v1/tenant", Map.of("timezone", "Mars/Olympus"), owner).text("code")).isEqualTo("invalid_timezone");
    String memberEmail = uniqueEmail("zone-member");
    api.post("/api/v1/users", Map.of("email", memberEmail, "role", "member", "password", PASSWORD), owner);
    assertThat(api.patch("/api/v1/tenant", Map.of("timezone", "UTC"), api.token(memberEmail, PASSWORD)).status()).isEqualTo(403);
  }
}
