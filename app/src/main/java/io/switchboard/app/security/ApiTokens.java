package io.switchboard.app.security;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.ApiTokensRecord;
import org.jooq.Record;
import org.springframework.stereotype.Service;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.API_TOKENS;
import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.USERS;

/**
 * Bearer tokens for the REST API: short-lived session tokens from e-mail and password, and API keys
 * created by owners. A token reads {@code sbs_<body>} or {@code sbk_<body>}, where the body carries
 * the tenant id, the token id and a random secret; only a SHA-256 hash of the secret is stored, so
 * a token is shown once and cannot be recovered from the database.
 */
@Service
public class ApiTokens {

  public enum Kind {
    SESSION("session", "sbs_"), API_KEY("api_key", "sbk_");

    final String dbValue;
    final String prefix;

    Kind(String dbValue, String prefix) {
      this.dbValue = dbValue;
      this.prefix = prefix;
    }
  }

  /** A token as handed out: {@code token} is shown this once. */
  public record Issued(UUID id, String token, Optional<Instant> expiresAt) {}

  /** An API key as listed afterwards: never the token itself. */
  public record KeyInfo(UUID id, String name, String hint, Instant createdAt, Optional<Instant> lastUsedAt,
                        UUID createdBy) {}

  /** Why a presented token was not accepted; {@code code} is stable for API clients. */
  public static final class Rejected extends RuntimeException {
    public final String code;
    public final int status;

    Rejected(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private static final int SECRET_BYTES = 24;
  private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  private final TenantDatabase db;
  private final Clock clock;
  private final Duration sessionTtl;
  private final SecureRandom random = new SecureRandom();

  public ApiTokens(TenantDatabase db, Clock clock, SwitchboardProperties props) {
    this.db = db;
    this.clock = clock;
    this.sessionTtl = props.auth().tokenTtl();
  }

  public Issued issueSession(SwitchboardUser user) {
    return issue(user, Kind.SESSION, "API session", Optional.of(clock.instant().plus(sessionTtl)));
  }

  public Issued issueApiKey(SwitchboardUser user, String name) {
    return issue(user, Kind.API_KEY, name, Optional.empty());
  }

  private Issued issue(SwitchboardUser user, Kind kind, String name, Optional<Instant> expiresAt) {
    UUID id = UUID.randomUUID();
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    ByteBuffer body = ByteBuffer.allocate(32 + SECRET_BYTES);
    putUuid(body, user.tenantId().value());
    putUuid(body, id);
    body.put(secret);
    String token = kind.prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(body.array());
    String hint = kind.prefix + "…" + token.substring(token.length() - 4);
    db.runInTenant(user.tenantId(), tx -> tx.insertInto(API_TOKENS)
        .set(API_TOKENS.TENANT_ID, user.tenantId().value())
        .set(API_TOKENS.ID, id)
        .set(API_TOKENS.USER_ID, user.userId())
        .set(API_TOKENS.KIND, kind.dbValue)
        .set(API_TOKENS.NAME, name)
        .set(API_TOKENS.SECRET_HASH, sha256(secret))
        .set(API_TOKENS.DISPLAY_HINT, hint)
        .set(API_TOKENS.EXPIRES_AT, expiresAt.map(ApiTokens::utc).orElse(null))
        .execute());
    return new Issued(id, token, expiresAt);
  }

  /** The user a presented bearer token stands for, or {@link Rejected} with the reason. */
  public SwitchboardUser authenticate(String presented) {
    Kind kind = presented.startsWith(Kind.SESSION.prefix) ? Kind.SESSION
        : presented.startsWith(Kind.API_KEY.prefix) ? Kind.API_KEY : null;
    byte[] body;
    try {
      body = kind == null ? new byte[0] : Base64.getUrlDecoder().decode(presented.substring(4));
    } catch (IllegalArgumentException e) {
      body = new byte[0];
    }
    if (kind == null || body.length != 32 + SECRET_BYTES) {
      throw invalid();
    }
    ByteBuffer buffer = ByteBuffer.wrap(body);
    TenantId tenant = new TenantId(new UUID(buffer.getLong(), buffer.getLong()));
    UUID id = new UUID(buffer.getLong(), buffer.getLong());
    byte[] secret = new byte[SECRET_BYTES];
    buffer.get(secret);
    Instant now = clock.instant();
    return db.inTenant(tenant, tx -> {
      Record row = tx.select(API_TOKENS.asterisk(), USERS.EMAIL, USERS.ROLE, USERS.SUPERADMIN, USERS.STATUS,
              TENANTS.NAME, TENANTS.STATUS)
          .from(API_TOKENS)
          .join(USERS).on(USERS.TENANT_ID.eq(API_TOKENS.TENANT_ID).and(USERS.ID.eq(API_TOKENS.USER_ID)))
          .join(TENANTS).on(TENANTS.ID.eq(API_TOKENS.TENANT_ID))
          .where(API_TOKENS.TENANT_ID.eq(tenant.value()).and(API_TOKENS.ID.eq(id)))
          .fetchOne();
      if (row == null || !MessageDigest.isEqual(sha256(secret), row.get(API_TOKENS.SECRET_HASH))
          || !kind.dbValue.equals(row.get(API_TOKENS.KIND)) || row.get(API_TOKENS.REVOKED_AT) != null) {
        throw invalid();
      }
      OffsetDateTime expires = row.get(API_TOKENS.EXPIRES_AT);
      if (expires != null && !expires.toInstant().isAfter(now)) {
        throw new Rejected(401, "token_expired",
            "Your API token has expired. Request a new one with POST /api/v1/auth/token.");
      }
      if (!"active".equals(row.get(TENANTS.STATUS))) {
        throw new Rejected(403, "tenant_suspended",
            "This workspace is suspended. Contact your agency or Switchboard support to reactivate it.");
      }
      if (!"active".equals(row.get(USERS.STATUS))) {
        throw new Rejected(403, "account_disabled", "This account is disabled. Ask your workspace owner to enable it.");
      }
      OffsetDateTime lastUsed = row.get(API_TOKENS.LAST_USED_AT);
      if (lastUsed == null || lastUsed.toInstant().plus(LAST_USED_GRANULARITY).isBefore(now)) {
        tx.update(API_TOKENS).set(API_TOKENS.LAST_USED_AT, utc(now))
            .where(API_TOKENS.TENANT_ID.eq(tenant.value()).and(API_TOKENS.ID.eq(id))).execute();
      }
      return new SwitchboardUser(tenant, row.get(API_TOKENS.USER_ID), row.get(USERS.EMAIL),
          Role.fromDb(row.get(USERS.ROLE)), row.get(USERS.SUPERADMIN), row.get(TENANTS.NAME));
    });
  }

  public List<KeyInfo> listApiKeys(SwitchboardUser user) {
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(API_TOKENS)
        .where(API_TOKENS.TENANT_ID.eq(user.tenantId().value())
            .and(API_TOKENS.KIND.eq(Kind.API_KEY.dbValue))
            .and(API_TOKENS.REVOKED_AT.isNull()))
        .orderBy(API_TOKENS.CREATED_AT)
        .fetch(ApiTokens::keyInfo));
  }

  /** Revokes an API key of the user's tenant; false when there is no such key. */
  public boolean revokeApiKey(SwitchboardUser user, UUID id) {
    return db.inTenant(user.tenantId(), tx -> tx.update(API_TOKENS)
        .set(API_TOKENS.REVOKED_AT, utc(clock.instant()))
        .where(API_TOKENS.TENANT_ID.eq(user.tenantId().value())
            .and(API_TOKENS.ID.eq(id))
            .and(API_TOKENS.KIND.eq(Kind.API_KEY.dbValue))
            .and(API_TOKENS.REVOKED_AT.isNull()))
        .execute() == 1);
  }

  /** Ends a session token (sign-out of an API client). */
  public void revokeSession(SwitchboardUser user, String presented) {
    try {
      byte[] body = Base64.getUrlDecoder().decode(presented.substring(4));
      ByteBuffer buffer = ByteBuffer.wrap(body);
      buffer.position(16);
      UUID id = new UUID(buffer.getLong(), buffer.getLong());
      db.runInTenant(user.tenantId(), tx -> tx.update(API_TOKENS).set(API_TOKENS.REVOKED_AT, utc(clock.instant()))
          .where(API_TOKENS.TENANT_ID.eq(user.tenantId().value()).and(API_TOKENS.ID.eq(id))
              .and(API_TOKENS.USER_ID.eq(user.userId())))
          .execute());
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw invalid();
    }
  }

  private static KeyInfo keyInfo(ApiTokensRecord r) {
    return new KeyInfo(r.getId(), r.getName(), r.getDisplayHint(), r.getCreatedAt().toInstant(),
        Optional.ofNullable(r.getLastUsedAt()).map(OffsetDateTime::toInstant), r.getUserId());
  }

  private static Rejected invalid() {
    return new Rejected(401, "invalid_token", "This API token is not valid. Check it, or create a new one.");
  }

  private static void putUuid(ByteBuffer buffer, UUID uuid) {
    buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static byte[] sha256(byte[] secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
