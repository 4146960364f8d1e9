package io.switchboard.app.credentials;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.db.PostgresErrors;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.CredentialsRecord;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.switchboard.schema.jooq.Tables.CREDENTIALS;

/**
 * A workspace's credentials (Twilio, SendGrid, HubSpot, LLM keys, HTTP auth …), encrypted at rest
 * and write-only: after saving, only their names, types and field names are ever shown. Nodes get
 * them decrypted, for one call, through {@link CredentialResolver}.
 */
@Service
public class CredentialService implements CredentialResolver {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern TYPE = Pattern.compile("^[a-z][a-z0-9_.-]{1,49}$");
  private static final int MAX_SECRET_BYTES = 16 * 1024;

  private final TenantDatabase db;
  private final CredentialVault vault;
  private final AuditLog audit;
  private final Clock clock;

  public CredentialService(TenantDatabase db, CredentialVault vault, AuditLog audit, Clock clock) {
    this.db = db;
    this.vault = vault;
    this.audit = audit;
    this.clock = clock;
  }

  /** What anyone may see of a credential: never its secret values. */
  public record Info(UUID id, String name, String type, List<String> fields, Instant createdAt) {}

  public Info create(SwitchboardUser user, String name, String type, Map<String, String> secret) {
    user.require(Role.ADMIN, "add credentials");
    String cleanName = name == null ? "" : name.trim();
    if (cleanName.isEmpty() || cleanName.length() > 100) {
      throw ApiException.badRequest("invalid_name", "Name the credential in 1 to 100 characters.");
    }
    if (type == null || !TYPE.matcher(type).matches()) {
      throw ApiException.badRequest("invalid_type", "Say what kind of credential this is, such as twilio or sendgrid.");
    }
    if (secret == null || secret.isEmpty() || secret.values().stream().anyMatch(v -> v == null || v.isBlank())) {
      throw ApiException.badRequest("invalid_secret", "Fill in every field of the credential.");
    }
    byte[] plaintext = JSON.writeValueAsBytes(new TreeMap<>(secret));
    if (plaintext.length > MAX_SECRET_BYTES) {
      throw ApiException.badRequest("invalid_secret", "A credential holds at most 16 KB.");
    }
    UUID id = UUID.randomUUID();
    CredentialVault.Sealed sealed = vault.seal(plaintext, associatedData(user.tenantId(), id));
    java.util.Arrays.fill(plaintext, (byte) 0);
    try {
      db.runInTenant(user.tenantId(), tx -> {
        tx.insertInto(CREDENTIALS)
            .set(CREDENTIALS.TENANT_ID, user.tenantId().value())
            .set(CREDENTIALS.ID, id)
            .set(CREDENTIALS.NAME, cleanName)
            .set(CREDENTIALS.TYPE, type)
            .set(CREDENTIALS.KEY_ID, sealed.keyId())
            .set(CREDENTIALS.NONCE, sealed.nonce())
            .set(CREDENTIALS.CIPHERTEXT, sealed.ciphertext())
            .set(CREDENTIALS.CREATED_BY, user.userId())
            .set(CREDENTIALS.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
            .execute();
        audit.record(tx, user, "credential.created",
            "credential", id.toString(), Map.of("name", cleanName, "type", type, "fields", List.copyOf(new TreeMap<>(secret).keySet())));
      });
    } catch (RuntimeException e) {
      if (PostgresErrors.violatedUniqueConstraint(e).filter("credentials_tenant_name_key"::equals).isPresent()) {
        throw new ApiException(HttpStatus.CONFLICT, "duplicate_name", "A credential named '" + cleanName + "' already exists.");
      }
      throw e;
    }
    return new Info(id, cleanName, type, List.copyOf(new TreeMap<>(secret).keySet()), clock.instant());
  }

  public List<Info> list(SwitchboardUser user) {
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(CREDENTIALS)
        .where(CREDENTIALS.TENANT_ID.eq(user.tenantId().value()))
        .orderBy(CREDENTIALS.NAME)
        .fetch(r -> info(r)));
  }

  public Optional<Info> get(SwitchboardUser user, UUID id) {
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(CREDENTIALS)
        .where(CREDENTIALS.TENANT_ID.eq(user.tenantId().value()).and(CREDENTIALS.ID.eq(id)))
        .fetchOptional(r -> info(r)));
  }

  public void delete(SwitchboardUser user, UUID id) {
    user.require(Role.ADMIN, "delete credentials");
    db.runInTenant(user.tenantId(), tx -> {
      int deleted = tx.deleteFrom(CREDENTIALS)
          .where(CREDENTIALS.TENANT_ID.eq(user.tenantId().value()).and(CREDENTIALS.ID.eq(id))).execute();
      if (deleted == 0) {
        throw ApiException.notFound("credential");
      }
      audit.record(tx, user, "credential.deleted",
          "credential", id.toString(), Map.of());
    });
  }

  /** What "test connection" found, and when. */
  public record Tested(UUID id, boolean ok, String message, Instant testedAt) {}

  /**
   * Tries a credential against its provider with the tester for its type, and remembers the result
   * on the credential. The answer never contains a secret.
   */
  public Tested test(SwitchboardUser user, UUID id, List<CredentialTester> testers) {
    user.require(Role.ADMIN, "test credentials");
    Credential credential = find(user.tenantId(), id).orElseThrow(() -> ApiException.notFound("credential"));
    CredentialTester.Result result = testers.stream().filter(t -> t.handles(credential.type())).findFirst()
        .map(t -> {
          try {
            return t.test(credential);
          } catch (RuntimeException e) {
            return new CredentialTester.Result(false, "The test could not be completed: " + e.getMessage());
          }
        })
        .orElseGet(() -> new CredentialTester.Result(false,
            "There is no connection test for " + credential.type() + " credentials; it will be checked when a step uses it."));
    Instant now = clock.instant();
    db.runInTenant(user.tenantId(), tx -> {
      tx.update(CREDENTIALS).set(CREDENTIALS.LAST_TESTED_AT, now.atOffset(ZoneOffset.UTC))
          .set(CREDENTIALS.LAST_TEST_OK, result.ok())
          .where(CREDENTIALS.TENANT_ID.eq(user.tenantId().value()).and(CREDENTIALS.ID.eq(id))).execute();
      audit.record(tx, user, "credential.tested", "credential", id.toString(), Map.of("ok", result.ok()));
    });
    String message = redact(result.message(), credential);
    return new Tested(id, result.ok(), message, now);
  }

  // A provider's error text may quote what it was sent: never let a secret through.
  private static String redact(String message, Credential credential) {
    String out = message == null ? "" : message;
    for (String secret : credential.secret().values()) {
      if (secret != null && secret.length() >= 4) {
        out = out.replace(secret, "••••");
      }
    }
    return out;
  }

  @Override
  public Optional<Credential> find(TenantId tenant, UUID credentialId) {
    return db.inTenant(tenant, tx -> tx.selectFrom(CREDENTIALS)
            .where(CREDENTIALS.TENANT_ID.eq(tenant.value()).and(CREDENTIALS.ID.eq(credentialId)))
            .fetchOptional())
        .flatMap(r -> vault.open(new CredentialVault.Sealed(r.getKeyId(), r.getNonce(), r.getCiphertext()),
                associatedData(tenant, credentialId))
            .map(plain -> new Credential(r.getId(), r.getType(), r.getName(),
                JSON.readValue(new String(plain, StandardCharsets.UTF_8), new TypeReference<Map<String, String>>() {}))));
  }

  private Info info(CredentialsRecord r) {
    List<String> fields = find(new TenantId(r.getTenantId()), r.getId())
        .map(c -> List.copyOf(new TreeMap<>(c.secret()).keySet())).orElse(List.of());
    return new Info(r.getId(), r.getName(), r.getType(), fields, r.getCreatedAt().toInstant());
  }

  private static String associatedData(TenantId tenant, UUID credentialId) {
    return "switchboard-credential:" + tenant + ":" + credentialId;
  }
}
