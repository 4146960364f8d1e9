package io.switchboard.app.credentials;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Credentials are write-only through the API, encrypted in the database, and kept within their workspace. */
class CredentialsApiIT extends IntegrationTestBase {

  private static final String PASSWORD = "credential-pass-1";
  private static final String SECRET = "tw-auth-token-7f3a9c";

  @Autowired
  CredentialResolver resolver;

  @Test
  void shouldNeverShowASecretAgainAndStoreItEncrypted() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Creds Co", uniqueEmail("creds"), PASSWORD);
    ApiClient.Response created = api.post("/api/v1/credentials", Map.of("name", "Main Twilio", "type", "twilio",
        "secret", Map.of("accountSid", "AC123", "authToken", SECRET)), token);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().toString()).doesNotContain(SECRET).doesNotContain("AC123");
    assertThat(created.body().path("fields").toString()).contains("accountSid", "authToken");
    String id = created.text("id");

    assertThat(api.get("/api/v1/credentials", token).body().toString()).contains("Main Twilio").doesNotContain(SECRET);
    assertThat(api.get("/api/v1/credentials/" + id, token).body().toString()).doesNotContain(SECRET);
    assertThat(api.get("/api/v1/audit-log", token).body().toString()).contains("credential.created").doesNotContain(SECRET);

    try (Connection c = TestPostgres.server().adminDataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select ciphertext, key_id from credentials where id = '" + id + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
      assertThat(rs.getString(2)).isNotBlank();
    }
    UUID tenant = UUID.fromString(api.get("/api/v1/me", token).text("tenantId"));
    assertThat(resolver.find(new TenantId(tenant), UUID.fromString(id)))
        .hasValueSatisfying(cred -> assertThat(cred.field("authToken")).contains(SECRET))
        .hasValueSatisfying(cred -> assertThat(cred.toString()).doesNotContain(SECRET));

    ApiClient.Response duplicate = api.post("/api/v1/credentials", Map.of("name", "Main Twilio", "type", "twilio",
        "secret", Map.of("authToken", "x")), token);
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(api.delete("/api/v1/credentials/" + id, token).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/credentials/" + id, token).status()).isEqualTo(404);
  }

  @Test
  void shouldKeepAWorkspacesCredentialsFromAnother() {
    ApiClient api = api();
    String a = api.signUpAndToken("Creds A", uniqueEmail("ca"), PASSWORD);
    String b = api.signUpAndToken("Creds B", uniqueEmail("cb"), PASSWORD);
    String id = api.post("/api/v1/credentials", Map.of("name", "A's SendGrid", "type", "sendgrid",
        "secret", Map.of("apiKey", "SG.secret")), a).text("id");
    assertThat(api.get("/api/v1/credentials/" + id, b).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/credentials/" + id + "/test", Map.of(), b).status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/credentials/" + id, b).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/credentials", b).body()).isEmpty();
    UUID tenantB = UUID.fromString(api.get("/api/v1/me", b).text("tenantId"));
    assertThat(resolver.find(new TenantId(tenantB), UUID.fromString(id))).isEmpty();
  }

  @Test
  void shouldTestAConnectionWithoutRevealingTheSecret() {
    ApiClient api = api();
    String token = api.signUpAndToken("Tested Co", uniqueEmail("tested"), PASSWORD);
    String twilio = api.post("/api/v1/credentials", Map.of("name", "Twilio", "type", "twilio",
        "secret", Map.of("accountSid", "AC00000000000000000000000000000000", "authToken", "tok-" + SECRET)), token).text("id");
    ApiClient.Response tested = api.post("/api/v1/credentials/" + twilio + "/test", Map.of(), token);
    assertThat(tested.status()).isEqualTo(200);
    assertThat(tested.body().path("ok").asBoolean()).as("no Twilio reachable from here").isFalse();
    assertThat(tested.body().path("message").asString()).isNotBlank();
    assertThat(tested.body().toString()).doesNotContain(SECRET);

    String other = api.post("/api/v1/credentials", Map.of("name", "API", "type", "http.bearer",
        "secret", Map.of("token", "bearer-" + SECRET)), token).text("id");
    ApiClient.Response untested = api.post("/api/v1/credentials/" + other + "/test", Map.of(), token);
    assertThat(untested.body().path("ok").asBoolean()).isFalse();
    assertThat(untested.body().path("message").asString()).contains("no connection test for http.bearer");
  }

  @Test
  void shouldExplainAnIncompleteCredential() {
    ApiClient api = api();
    String token = api.signUpAndToken("Creds C", uniqueEmail("cc"), PASSWORD);
    ApiClient.Response blank = api.post("/api/v1/credentials", Map.of("name", "Half", "type", "twilio",
        "secret", Map.of("authToken", " ")), token);
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.text("detail")).contains("Fill in every field");
  }
}
