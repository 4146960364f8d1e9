package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.app.security.Digests;
import io.switchboard.app.security.PasswordHashing;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.INVITATIONS;
import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.USERS;

/**
 * One-time links that let an invited person (a client's owner added by the superadmin, a team
 * member added by an admin) set their password. The link carries a random secret; only its SHA-256
 * is stored. A link works once, for 7 days.
 */
@Component
public class Invitations {

  static final Duration VALID_FOR = Duration.ofDays(7);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TenantDatabase db;
  private final PasswordHashing hashing;
  private final AuditLog audit;
  private final SwitchboardProperties props;
  private final Clock clock;

  public Invitations(TenantDatabase db, PasswordHashing hashing, AuditLog audit, SwitchboardProperties props, Clock clock) {
    this.db = db;
    this.hashing = hashing;
    this.audit = audit;
    this.props = props;
    this.clock = clock;
  }

  /** What an invitation link shows before the password is set. */
  public record Invitation(String workspace, String email, String displayName, String role) {}

  /** Makes a link for an invited user of the workspace (in the caller's transaction); returns the link, shown once. */
  public String create(DSLContext tx, TenantId tenant, UUID userId, Optional<UUID> invitedBy) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    // a new link replaces any earlier one for the same person
    tx.deleteFrom(INVITATIONS).where(INVITATIONS.USER_ID.eq(userId).and(INVITATIONS.ACCEPTED_AT.isNull())).execute();
    tx.insertInto(INVITATIONS)
        .set(INVITATIONS.TENANT_ID, tenant.value())
        .set(INVITATIONS.ID, UUID.randomUUID())
        .set(INVITATIONS.USER_ID, userId)
        .set(INVITATIONS.TOKEN_HASH, Digests.sha256Hex(token))
        .set(INVITATIONS.INVITED_BY, invitedBy.orElse(null))
        .set(INVITATIONS.CREATED_AT, now)
        .set(INVITATIONS.EXPIRES_AT, now.plus(VALID_FOR))
        .execute();
    String base = props.publicBaseUrl();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/invite/" + token;
  }

  public Invitation show(String token) {
    Found f = find(token);
    return db.inTenant(f.tenant(), tx -> {
      var user = tx.selectFrom(USERS).where(USERS.ID.eq(f.userId())).fetchOne();
      String workspace = tx.select(TENANTS.NAME).from(TENANTS).where(TENANTS.ID.eq(f.tenant().value())).fetchOne(TENANTS.NAME);
      return new Invitation(workspace, user.getEmail(), user.getDisplayName(), user.getRole());
    });
  }

  /** Sets the password of the invited user; the link is used up. Returns the e-mail to sign in with. */
  public String accept(String token, String password, String displayName) {
    Found f = find(token);
    Optional<String> weak = PasswordHashing.weakness(password);
    if (weak.isPresent()) {
      throw ApiException.badRequest("weak_password", weak.get());
    }
    String passwordHash = hashing.hash(password);
    return db.inTenant(f.tenant(), tx -> {
      OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
      int used = tx.update(INVITATIONS).set(INVITATIONS.ACCEPTED_AT, now)
          .where(INVITATIONS.ID.eq(f.invitationId()).and(INVITATIONS.ACCEPTED_AT.isNull())).execute();
      if (used == 0) {
        throw gone();
      }
      var update = tx.update(USERS).set(USERS.PASSWORD_HASH, passwordHash).set(USERS.STATUS, "active");
      if (displayName != null && !displayName.isBlank()) {
        update = update.set(USERS.DISPLAY_NAME, displayName.strip());
      }
      update.where(USERS.ID.eq(f.userId()).and(USERS.STATUS.eq("invited"))).execute();
      String email = tx.select(USERS.EMAIL).from(USERS).where(USERS.ID.eq(f.userId())).fetchOne(USERS.EMAIL);
      audit.record(tx, f.tenant(), new AuditLog.Actor(f.userId(), email), "user.invitation_accepted", "user",
          f.userId().toString(), Map.of());
      return email;
    });
  }

  private record Found(TenantId tenant, UUID invitationId, UUID userId) {}

  private Found find(String token) {
    if (token == null || token.length() < 20 || token.length() > 100) {
      throw gone();
    }
    var row = db.platform(tx -> tx.resultQuery("select tenant_id, invitation_id, user_id, expires_at, accepted_at "
        + "from invitation_by_token({0})", Digests.sha256Hex(token)).fetchOptional());
    if (row.isEmpty() || row.get().get("accepted_at") != null
        || ((OffsetDateTime) row.get().get("expires_at", OffsetDateTime.class)).toInstant().isBefore(clock.instant())) {
      throw gone();
    }
    return new Found(new TenantId(row.get().get("tenant_id", UUID.class)), row.get().get("invitation_id", UUID.class),
        row.get().get("user_id", UUID.class));
  }

  private static ApiException gone() {
    return new ApiException(HttpStatus.GONE, "invitation_invalid",
        "This invitation link has expired or was already used. Ask whoever invited you to send a new one.");
  }
}
