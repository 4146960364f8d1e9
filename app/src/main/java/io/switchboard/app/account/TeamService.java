package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.db.PostgresErrors;
import io.switchboard.app.security.PasswordHashing;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.USERS;

/**
 * The people of a workspace and its time zone. Admins and owners add people (with a first password
 * they pass on), change roles and remove people; only an owner makes or unmakes owners; a workspace
 * always keeps an owner, and nobody changes or removes themselves. Every change is audited.
 */
@Service
public class TeamService {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private final TenantDatabase db;
  private final PasswordHashing hashing;
  private final AuditLog audit;

  private final Invitations invitations;
  private final PlanCatalog plans;
  private final InvitationMail mail;

  public TeamService(TenantDatabase db, PasswordHashing hashing, AuditLog audit, Invitations invitations, PlanCatalog plans,
                     InvitationMail mail) {
    this.mail = mail;
    this.db = db;
    this.hashing = hashing;
    this.audit = audit;
    this.invitations = invitations;
    this.plans = plans;
  }

  public record Member(UUID id, String email, String displayName, String role, String status, Optional<Instant> lastLoginAt) {}

  public List<Member> list(SwitchboardUser user) {
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(USERS).where(USERS.TENANT_ID.eq(user.tenantId().value()))
        .orderBy(USERS.CREATED_AT).fetch(r -> new Member(r.getId(), r.getEmail(), r.getDisplayName(), r.getRole(),
            r.getStatus(), Optional.ofNullable(r.getLastLoginAt()).map(java.time.OffsetDateTime::toInstant))));
  }

  /**
   * Someone added: with a first password they are active; without one they are invited, the link is
   * given once and e-mailed to them ({@code invitationEmailed}: whether the mail was accepted).
   */
  public record Added(UUID id, String email, String displayName, String role, String status, String invitationUrl,
                      boolean invitationEmailed) {
    Added emailed(boolean sent) {
      return new Added(id, email, displayName, role, status, invitationUrl, sent);
    }

    public Member member() {
      return new Member(id, email, displayName, role, status, Optional.empty());
    }
  }

  public static final String SEATS = "seats";

  /**
   * Adds someone within the plan's seats: with a first password (the admin passes it on) they can
   * sign in at once; without one they get a one-time invitation link to choose their own.
   */
  public Added add(SwitchboardUser user, String email, String displayName, String role, String firstPassword) {
    user.require(Role.ADMIN, "add people to the workspace");
    String clean = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(clean).matches() || clean.length() > 254) {
      throw ApiException.badRequest("invalid_email", "Enter a valid e-mail address, such as sam@example.com.");
    }
    Role granted = role(role == null || role.isBlank() ? "member" : role);
    requireMayGrant(user, granted);
    boolean invite = firstPassword == null || firstPassword.isEmpty();
    if (!invite) {
      PasswordHashing.weakness(firstPassword).ifPresent(w -> {
        throw ApiException.badRequest("invalid_password", w);
      });
    }
    String hash = invite ? null : hashing.hash(firstPassword);
    UUID id = UUID.randomUUID();
    String name = displayName == null ? "" : displayName.trim();
    PlanCatalog.Plan plan = plans.workspace(user.tenantId()).plan();
    try {
      Added added = db.inTenant(user.tenantId(), tx -> {
        if (tx.fetchExists(USERS, USERS.EMAIL.eq(clean))) {
          throw new ApiException(HttpStatus.CONFLICT, "already_member", clean + " is already in your team.");
        }
        int seats = tx.fetchCount(USERS, USERS.STATUS.ne("disabled"));
        long limit = plan.limit(SEATS).orElse(Long.MAX_VALUE);
        if (seats >= limit) {
          throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "plan_limit", "Your " + plan.name() + " plan has " + limit
              + " seats and " + seats + " are taken. Remove someone, or upgrade the plan.");
        }
        tx.insertInto(USERS).set(USERS.TENANT_ID, user.tenantId().value()).set(USERS.ID, id).set(USERS.EMAIL, clean)
            .set(USERS.PASSWORD_HASH, hash).set(USERS.DISPLAY_NAME, name).set(USERS.ROLE, granted.dbValue())
            .set(USERS.STATUS, invite ? "invited" : "active").execute();
        tx.resultQuery("select auth_claim_email({0}, {1})", clean, id).fetch();
        String link = invite ? invitations.create(tx, user.tenantId(), id, Optional.of(user.userId())) : null;
        audit.record(tx, user, invite ? "user.invited" : "user.added", "user", id.toString(),
            Map.of("email", clean, "role", granted.dbValue()));
        return new Added(id, clean, name, granted.dbValue(), invite ? "invited" : "active", link, false);
      });
      // e-mailed once the person and link are committed
      return invite ? added.emailed(emailInvitation(user, added)) : added;
    } catch (RuntimeException e) {
      if (PostgresErrors.violatedUniqueConstraint(e).isPresent()) {
        throw new ApiException(HttpStatus.CONFLICT, "email_taken", "Someone already signs in with " + clean
            + "; each e-mail belongs to one workspace.");
      }
      throw e;
    }
  }

  /** A new invitation link for someone who has not chosen a password yet (the old link stops working). */
  public Added reinvite(SwitchboardUser user, UUID memberId) {
    user.require(Role.ADMIN, "invite people");
    Added added = db.inTenant(user.tenantId(), tx -> {
      var r = tx.selectFrom(USERS).where(USERS.ID.eq(memberId)).fetchOptional()
          .orElseThrow(() -> ApiException.notFound("user"));
      if (!"invited".equals(r.getStatus())) {
        throw new ApiException(HttpStatus.CONFLICT, "not_invited", r.getEmail() + " has already chosen a password.");
      }
      String link = invitations.create(tx, user.tenantId(), memberId, Optional.of(user.userId()));
      audit.record(tx, user, "user.invited", "user", memberId.toString(), Map.of("email", r.getEmail(), "again", true));
      return new Added(memberId, r.getEmail(), r.getDisplayName(), r.getRole(), r.getStatus(), link, false);
    });
    return added.emailed(emailInvitation(user, added));
  }

  private boolean emailInvitation(SwitchboardUser user, Added added) {
    return mail.send(user.tenantId(), added.email(), user.tenantName(), user.email(), added.role(), added.invitationUrl());
  }

  public void changeRole(SwitchboardUser user, UUID memberId, String role) {
    user.require(Role.ADMIN, "change roles");
    Role granted = role(role);
    if (memberId.equals(user.userId())) {
      throw ApiException.badRequest("own_role", "You cannot change your own role; ask another owner.");
    }
    db.runInTenant(user.tenantId(), tx -> {
      Role current = current(tx, user, memberId);
      requireMayGrant(user, current);
      requireMayGrant(user, granted);
      if (current == Role.OWNER && granted != Role.OWNER) {
        requireAnotherOwner(tx, user, memberId);
      }
      tx.update(USERS).set(USERS.ROLE, granted.dbValue())
          .where(USERS.TENANT_ID.eq(user.tenantId().value()).and(USERS.ID.eq(memberId))).execute();
      audit.record(tx, user, "user.role_changed", "user", memberId.toString(),
          Map.of("from", current.dbValue(), "to", granted.dbValue()));
    });
  }

  public void remove(SwitchboardUser user, UUID memberId) {
    user.require(Role.ADMIN, "remove people from the workspace");
    if (memberId.equals(user.userId())) {
      throw ApiException.badRequest("remove_self", "You cannot remove yourself; ask another owner.");
    }
    db.runInTenant(user.tenantId(), tx -> {
      Role current = current(tx, user, memberId);
      requireMayGrant(user, current);
      if (current == Role.OWNER) {
        requireAnotherOwner(tx, user, memberId);
      }
      String email = tx.select(USERS.EMAIL).from(USERS)
          .where(USERS.TENANT_ID.eq(user.tenantId().value()).and(USERS.ID.eq(memberId))).fetchOne(USERS.EMAIL);
      tx.deleteFrom(USERS).where(USERS.TENANT_ID.eq(user.tenantId().value()).and(USERS.ID.eq(memberId))).execute();
      tx.resultQuery("select auth_release_email({0})", email).fetch();
      audit.record(tx, user, "user.removed", "user", memberId.toString(), Map.of("email", email));
    });
  }

  public String timezone(SwitchboardUser user) {
    return db.inTenant(user.tenantId(), tx -> tx.select(TENANTS.TIMEZONE).from(TENANTS)
        .where(TENANTS.ID.eq(user.tenantId().value())).fetchOne(TENANTS.TIMEZONE));
  }

  public void setTimezone(SwitchboardUser user, String zone) {
    user.require(Role.ADMIN, "change the workspace's time zone");
    String clean = zone == null ? "" : zone.trim();
    try {
      ZoneId.of(clean);
    } catch (DateTimeException e) {
      throw ApiException.badRequest("invalid_timezone", "'" + clean + "' is not a time zone; pick one such as America/New_York.");
    }
    db.runInTenant(user.tenantId(), tx -> {
      tx.update(TENANTS).set(TENANTS.TIMEZONE, clean).where(TENANTS.ID.eq(user.tenantId().value())).execute();
      audit.record(tx, user, "tenant.timezone_changed", "tenant", user.tenantId().toString(), Map.of("timezone", clean));
    });
  }

  private static Role role(String role) {
    try {
      return Role.fromDb(role == null ? "" : role.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_role", "Choose the role owner, admin or member.");
    }
  }

  private static void requireMayGrant(SwitchboardUser user, Role role) {
    if (role == Role.OWNER) {
      user.require(Role.OWNER, "make or change owners");
    }
  }

  private static Role current(org.jooq.DSLContext tx, SwitchboardUser user, UUID memberId) {
    String role = tx.select(USERS.ROLE).from(USERS)
        .where(USERS.TENANT_ID.eq(user.tenantId().value()).and(USERS.ID.eq(memberId))).fetchOne(USERS.ROLE);
    if (role == null) {
      throw ApiException.notFound("person");
    }
    return Role.fromDb(role);
  }

  // Locks the owners' rows so two changes at once cannot both take away "the other" owner.
  private static void requireAnotherOwner(org.jooq.DSLContext tx, SwitchboardUser user, UUID leaving) {
    int others = tx.selectFrom(USERS).where(USERS.TENANT_ID.eq(user.tenantId().value())
        .and(USERS.ROLE.eq(Role.OWNER.dbValue())).and(USERS.ID.ne(leaving))).forUpdate().fetch().size();
    if (others == 0) {
      throw new ApiException(HttpStatus.CONFLICT, "last_owner", "A workspace needs an owner: make someone else owner first.");
    }
  }
}
