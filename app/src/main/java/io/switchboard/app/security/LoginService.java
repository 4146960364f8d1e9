package io.switchboard.app.security;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.Record;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.USERS;

/**
 * Checks an e-mail and password, for the sign-in page and for {@code POST /api/v1/auth/token}.
 * Wrong passwords count against the account (locked for a while after several) and against the
 * client address; neither answer reveals whether the e-mail exists.
 */
@Service
public class LoginService {

  private final TenantDatabase db;
  private final PasswordHashing hashing;
  private final LoginThrottle throttle;
  private final SwitchboardProperties.Auth settings;
  private final Clock clock;

  public LoginService(TenantDatabase db, PasswordHashing hashing, LoginThrottle throttle, SwitchboardProperties props,
                      Clock clock) {
    this.db = db;
    this.hashing = hashing;
    this.throttle = throttle;
    this.settings = props.auth();
    this.clock = clock;
  }

  public SwitchboardUser authenticate(String email, String password, String clientAddress) {
    Optional<Duration> wait = throttle.tryAttempt(clientAddress);
    if (wait.isPresent()) {
      throw new LoginRefused(LoginRefused.Reason.TOO_MANY_ATTEMPTS,
          "Too many sign-in attempts from your address. Try again in " + LoginRefused.minutes(wait.get()) + ".", wait);
    }
    String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    Optional<Record> found = db.platform(tx -> tx.resultQuery("select * from auth_find_login({0})", normalized).fetchOptional());
    if (found.isEmpty()) {
      hashing.spendTimeOnUnknownAccount(password == null ? "" : password);
      throw wrongCredentials();
    }
    Record row = found.get();
    TenantId tenant = new TenantId(row.get("tenant_id", UUID.class));
    UUID userId = row.get("user_id", UUID.class);
    Instant now = clock.instant();
    OffsetDateTime lockedUntil = row.get("locked_until", OffsetDateTime.class);
    if (lockedUntil != null && lockedUntil.toInstant().isAfter(now)) {
      throw locked(Duration.between(now, lockedUntil.toInstant()));
    }
    if (!hashing.matches(password == null ? "" : password, row.get("password_hash", String.class))) {
      OffsetDateTime lockNow = db.platform(tx -> tx.resultQuery("select auth_record_failure({0}, {1}, {2}, {3})",
          tenant.value(), userId, settings.maxFailedLogins(), OffsetDateTime.ofInstant(now.plus(settings.lockout()), ZoneOffset.UTC))
          .fetchOne(0, OffsetDateTime.class));
      if (lockNow != null && lockNow.toInstant().isAfter(now)) {
        throw locked(Duration.between(now, lockNow.toInstant()));
      }
      throw wrongCredentials();
    }
    if (!"active".equals(row.get("tenant_status", String.class))) {
      throw new LoginRefused(LoginRefused.Reason.TENANT_SUSPENDED,
          "This workspace is suspended. Contact your agency or Switchboard support to reactivate it.");
    }
    String userStatus = row.get("user_status", String.class);
    if ("invited".equals(userStatus)) {
      throw new LoginRefused(LoginRefused.Reason.ACCOUNT_DISABLED,
          "Finish setting up your account from your invitation link first.");
    }
    if (!"active".equals(userStatus)) {
      throw new LoginRefused(LoginRefused.Reason.ACCOUNT_DISABLED,
          "This account is disabled. Ask your workspace owner to enable it.");
    }
    return db.inTenant(tenant, tx -> {
      tx.update(USERS)
          .set(USERS.FAILED_LOGINS, 0)
          .setNull(USERS.LOCKED_UNTIL)
          .set(USERS.LAST_LOGIN_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
          .where(USERS.TENANT_ID.eq(tenant.value()).and(USERS.ID.eq(userId)))
          .execute();
      String tenantName = tx.select(TENANTS.NAME).from(TENANTS).where(TENANTS.ID.eq(tenant.value())).fetchOne(TENANTS.NAME);
      return new SwitchboardUser(tenant, userId, normalized, Role.fromDb(row.get("role", String.class)),
          Boolean.TRUE.equals(row.get("superadmin", Boolean.class)), tenantName);
    });
  }

  private static LoginRefused wrongCredentials() {
    return new LoginRefused(LoginRefused.Reason.WRONG_CREDENTIALS, "Wrong e-mail or password.");
  }

  private static LoginRefused locked(Duration remaining) {
    return new LoginRefused(LoginRefused.Reason.ACCOUNT_LOCKED,
        "Too many wrong passwords for this account. Try again in " + LoginRefused.minutes(remaining) + ".",
        Optional.of(remaining));
  }
}
