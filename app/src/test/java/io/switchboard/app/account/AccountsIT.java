package io.switchboard.app.account;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-up, tokens, API keys, the superadmin, and the clear answers to everything that goes wrong. */
class AccountsIT extends IntegrationTestBase {

  private static final String PASSWORD = "a-good-password-9";

  @Test
  void shouldSignUpAndIssueATokenForTheNewOwner() {
    ApiClient api = api();
    String email = uniqueEmail("owner");
    ApiClient.Response signUp = api.post("/api/v1/auth/signup", Map.of("companyName", "Sunny Smiles Dental",
        "yourName", "Dana", "email", email, "password", PASSWORD, "timezone", "Europe/Berlin"), null);
    assertThat(signUp.status()).isEqualTo(201);
    assertThat(signUp.text("slug")).startsWith("sunny-smiles-dental");

    ApiClient.Response token = api.post("/api/v1/auth/token", Map.of("email", email.toUpperCase(), "password", PASSWORD), null);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.text("token")).startsWith("sbs_");
    assertThat(token.text("tokenType")).isEqualTo("Bearer");

    ApiClient.Response me = api.get("/api/v1/me", token.text("token"));
    assertThat(me.text("email")).isEqualTo(email);
    assertThat(me.text("role")).isEqualTo("owner");
    assertThat(me.text("tenantName")).isEqualTo("Sunny Smiles Dental");
    assertThat(api.get("/api/v1/tenant", token.text("token")).text("timezone")).isEqualTo("Europe/Berlin");
  }

  @Test
  void shouldRefuseBadSignUpsWithTheFieldToFix() {
    ApiClient api = api();
    String email = uniqueEmail("dupe");
    api.signUpAndToken("First Co", email, PASSWORD);
    ApiClient.Response duplicate = api.post("/api/v1/auth/signup",
        Map.of("companyName", "Second Co", "email", email, "password", PASSWORD), null);
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.text("code")).isEqualTo("invalid_email");
    assertThat(duplicate.text("detail")).contains("already exists");

    ApiClient.Response weak = api.post("/api/v1/auth/signup",
        Map.of("companyName", "Weak Co", "email", uniqueEmail("weak"), "password", "short"), null);
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.text("code")).isEqualTo("invalid_password");
    assertThat(weak.text("detail")).contains("at least 10 characters");

    ApiClient.Response zone = api.post("/api/v1/auth/signup", Map.of("companyName", "Zone Co",
        "email", uniqueEmail("zone"), "password", PASSWORD, "timezone", "Mars/Olympus"), null);
    assertThat(zone.status()).isEqualTo(400);
    assertThat(zone.text("detail")).contains("not a time zone");

    ApiClient.Response malformed = api.post("/api/v1/auth/signup", "{not json", null);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.text("code")).isEqualTo("malformed_body");
  }

  @Test
  void shouldGiveTheSameAnswerForAWrongPasswordAndAnUnknownEmail() {
    ApiClient api = api();
    String email = uniqueEmail("wrong");
    api.signUpAndToken("Wrong Co", email, PASSWORD);
    ApiClient.Response wrongPassword = api.post("/api/v1/auth/token", Map.of("email", email, "password", "nope-nope-nope"), null);
    ApiClient.Response unknown = api.post("/api/v1/auth/token",
        Map.of("email", uniqueEmail("ghost"), "password", "nope-nope-nope"), null);
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrongPassword.text("code")).isEqualTo("invalid_credentials").isEqualTo(unknown.text("code"));
    assertThat(wrongPassword.text("detail")).isEqualTo(unknown.text("detail")).isEqualTo("Wrong e-mail or password.");
  }

  @Test
  void shouldLockAnAccountAfterRepeatedFailuresAndUnlockItLater() {
    ApiClient api = api();
    String email = uniqueEmail("locked");
    api.signUpAndToken("Lock Co", email, PASSWORD);
    ApiClient.Response last = null;
    for (int i = 0; i < 5; i++) {
      last = api.post("/api/v1/auth/token", Map.of("email", email, "password", "wrong-password-" + i), null);
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.text("code")).isEqualTo("account_locked");
    assertThat(last.header("Retry-After")).isPresent();

    ApiClient.Response rightPasswordWhileLocked = api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD), null);
    assertThat(rightPasswordWhileLocked.status()).as("even the right password waits out the lock").isEqualTo(429);

    clock.advance(Duration.ofMinutes(16));
    assertThat(api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD), null).status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseAnExpiredToken() {
    ApiClient api = api();
    String token = api.signUpAndToken("Expiry Co", uniqueEmail("expiry"), PASSWORD);
    assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
    clock.advance(Duration.ofHours(2));
    ApiClient.Response expired = api.get("/api/v1/me", token);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.text("code")).isEqualTo("token_expired");
    assertThat(expired.header("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void shouldRefuseMissingTamperedAndRevokedTokens() {
    ApiClient api = api();
    String token = api.signUpAndToken("Tamper Co", uniqueEmail("tamper"), PASSWORD);
    assertThat(api.get("/api/v1/me", null).text("code")).isEqualTo("unauthenticated");
    String tampered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
    assertThat(api.get("/api/v1/me", tampered).text("code")).isEqualTo("invalid_token");
    assertThat(api.get("/api/v1/me", "sbs_garbage").status()).isEqualTo(401);
    assertThat(api.delete("/api/v1/auth/token", token).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/me", token).text("code")).isEqualTo("invalid_token");
  }

  @Test
  void shouldRefuseSignInAndTokensOfASuspendedWorkspace() throws SQLException {
    ApiClient api = api();
    String email = uniqueEmail("suspended");
    String token = api.signUpAndToken("Suspended Co", email, PASSWORD);
    UUID tenant = UUID.fromString(api.get("/api/v1/me", token).text("tenantId"));
    setTenantStatus(tenant, "suspended");

    ApiClient.Response login = api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD), null);
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.text("code")).isEqualTo("tenant_suspended");
    assertThat(api.get("/api/v1/me", token).text("code")).isEqualTo("tenant_suspended");
    ApiClient.Response wrongPassword = api.post("/api/v1/auth/token", Map.of("email", email, "password", "not-it-at-all"), null);
    assertThat(wrongPassword.status()).as("a wrong password learns nothing about the workspace").isEqualTo(401);

    setTenantStatus(tenant, "active");
    assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
  }

  @Test
  void shouldShowAnApiKeyOnceAndAcceptItUntilRevoked() {
    ApiClient api = api();
    String token = api.signUpAndToken("Keys Co", uniqueEmail("keys"), PASSWORD);
    ApiClient.Response created = api.post("/api/v1/api-keys", Map.of("name", "Zapier"), token);
    assertThat(created.status()).isEqualTo(201);
    String key = created.text("key");
    assertThat(key).startsWith("sbk_");

    ApiClient.Response list = api.get("/api/v1/api-keys", token);
    assertThat(list.body()).hasSize(1);
    assertThat(list.body().toString()).doesNotContain(key);
    assertThat(list.body().get(0).path("hint").asString()).endsWith(key.substring(key.length() - 4));

    assertThat(api.get("/api/v1/me", key).status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/api-keys/" + created.text("id"), token).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/me", key).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/audit-log", token).body().toString()).contains("api_key.created", "api_key.revoked");
  }

  @Test
  void shouldLetOnlyTheSuperadminCreateAndListTenants() {
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.get("/api/v1/me", admin).body().path("superadmin").asBoolean()).isTrue();

    String ownerEmail = uniqueEmail("client");
    ApiClient.Response created = api.post("/api/v1/tenants", Map.of("name", "Client Roofing", "plan", "growth",
        "ownerEmail", ownerEmail, "ownerPassword", PASSWORD, "timezone", "America/Chicago"), admin);
    assertThat(created.status()).isEqualTo(201);
    String owner = api.token(ownerEmail, PASSWORD);
    assertThat(api.get("/api/v1/tenant", owner).text("plan")).isEqualTo("growth");
    assertThat(api.post("/api/v1/tenants", Map.of("name", "X", "ownerEmail", uniqueEmail("x"), "ownerPassword", PASSWORD),
        owner).status()).isEqualTo(403);

    ApiClient.Response all = api.get("/api/v1/tenants", admin);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().toString()).contains(created.text("id"), "Client Roofing");
    assertThat(api.get("/api/v1/audit-log", admin).body().toString()).contains("platform.tenants_listed", "platform.tenant_created");
  }

  @Test
  void shouldServeHealthMetricsAndTheApiDocument() {
    ApiClient api = api();
    ApiClient.Response health = api.get("/actuator/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("status")).isEqualTo("UP");
    assertThat(api.get("/actuator/prometheus", null).body().asString()).contains("jvm_memory_used_bytes",
        "switchboard_runner_queue_depth", "switchboard_store_writes_per_statement_writes_count{kind=\"update\"}");
    ApiClient.Response docs = api.get("/v3/api-docs", null);
    assertThat(docs.body().path("paths").has("/api/v1/contacts")).isTrue();
    assertThat(docs.body().path("paths").has("/api/v1/auth/token")).isTrue();
  }

  @Test
  void shouldCarryARequestIdOnEveryAnswer() {
    ApiClient.Response response = api().get("/api/v1/me", null);
    assertThat(response.header("X-Request-Id")).isPresent();
    assertThat(response.text("requestId")).isEqualTo(response.header("X-Request-Id").orElseThrow());
  }

  @Test
  void shouldValidateContactsInPlainWords() {
    ApiClient api = api();
    String token = api.signUpAndToken("Contacts Co", uniqueEmail("contacts"), PASSWORD);
    ApiClient.Response badPhone = api.post("/api/v1/contacts", Map.of("firstName", "Al", "phone", "555-1234"), token);
    assertThat(badPhone.status()).isEqualTo(400);
    assertThat(badPhone.text("detail")).contains("international format");
    ApiClient.Response ok = api.post("/api/v1/contacts", Map.of("firstName", "Al", "phone", "+1 (555) 222-3333",
        "tags", java.util.List.of("vip", "vip", " lead ")), token);
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.text("phone")).isEqualTo("+15552223333");
    assertThat(ok.body().path("tags")).hasSize(2);
    assertThat(api.post("/api/v1/contacts", Map.of("firstName", "Twin", "phone", "+15552223333"), token).status())
        .isEqualTo(409);
    assertThat(api.get("/api/v1/contacts?q=al", token).body()).hasSize(1);
    assertThat(api.get("/api/v1/contacts/not-a-uuid", token).status()).isEqualTo(404);
  }

  private static void setTenantStatus(UUID tenant, String status) throws SQLException {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("update tenants set status = ? where id = ?")) {
      ps.setString(1, status);
      ps.setObject(2, tenant);
      ps.executeUpdate();
    }
  }
}
