package io.switchboard.app.account;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.schema.jooq.tables.records.UsersRecord;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.USERS;

/** The people of the caller's workspace. */
@RestController
@RequestMapping("/api/v1/users")
public class UserController {

  private final TenantDatabase db;
  private final Invitations invitations;
  private final io.switchboard.app.plans.PlanCatalog plans;
  private final io.switchboard.app.audit.AuditLog audit;

  public UserController(TenantDatabase db, Invitations invitations, io.switchboard.app.plans.PlanCatalog plans,
                        io.switchboard.app.audit.AuditLog audit) {
    this.db = db;
    this.invitations = invitations;
    this.plans = plans;
    this.audit = audit;
  }

  public static final String SEATS = "seats";

  public record Invite(String email, String displayName, String role) {}

  /** The invited user, and the link that lets them set a password (shown once). */
  public record Invited(UserView user, String invitationUrl) {}

  public record ChangeRole(String role) {}

  /** Adds a team member: they get an invitation link to set their password. Admins invite; only owners make owners. */
  @org.springframework.web.bind.annotation.PostMapping
  public org.springframework.http.ResponseEntity<Invited> invite(@org.springframework.web.bind.annotation.RequestBody Invite request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "invite team members");
    String email = request == null || request.email() == null ? "" : request.email().strip().toLowerCase(java.util.Locale.ROOT);
    if (!email.matches("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$") || email.length() > 254) {
      throw ApiException.badRequest("invalid_email", "Enter the person's e-mail address, such as sam@example.com.");
    }
    Role role = role(request.role() == null ? "member" : request.role());
    if (role == Role.OWNER) {
      user.require(Role.OWNER, "make someone an owner");
    }
    io.switchboard.app.plans.PlanCatalog.Plan plan = plans.workspace(user.tenantId()).plan();
    UUID id = UUID.randomUUID();
    try {
      return db.inTenant(user.tenantId(), tx -> {
        if (tx.fetchExists(USERS, USERS.EMAIL.eq(email).and(USERS.STATUS.ne("disabled")))) {
          throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "already_member", email + " is already in your team.");
        }
        int seats = tx.fetchCount(USERS, USERS.STATUS.ne("disabled"));
        long limit = plan.limit(SEATS).orElse(Long.MAX_VALUE);
        if (seats >= limit) {
          throw new ApiException(org.springframework.http.HttpStatus.PAYMENT_REQUIRED, "plan_limit", "Your " + plan.name()
              + " plan has " + limit + " seats and " + seats + " are taken. Remove someone, or upgrade the plan.");
        }
        String name = request.displayName() == null ? "" : request.displayName().strip();
        // someone removed earlier comes back as the same user, invited again
        UUID userId = tx.select(USERS.ID).from(USERS).where(USERS.EMAIL.eq(email)).fetchOptional(USERS.ID).orElse(id);
        if (userId.equals(id)) {
          tx.insertInto(USERS).set(USERS.TENANT_ID, user.tenantId().value()).set(USERS.ID, id).set(USERS.EMAIL, email)
              .set(USERS.DISPLAY_NAME, name).set(USERS.ROLE, role.dbValue()).set(USERS.STATUS, "invited").execute();
        } else {
          tx.update(USERS).set(USERS.DISPLAY_NAME, name).set(USERS.ROLE, role.dbValue()).set(USERS.STATUS, "invited")
              .setNull(USERS.PASSWORD_HASH).where(USERS.ID.eq(userId)).execute();
        }
        tx.resultQuery("select auth_claim_email({0}, {1})", email, userId).fetch();
        String link = invitations.create(tx, user.tenantId(), userId, Optional.of(user.userId()));
        audit.record(tx, user, "user.invited", "user", userId.toString(), java.util.Map.of("email", email, "role", role.dbValue()));
        UserView view = tx.selectFrom(USERS).where(USERS.ID.eq(userId)).fetchOne(UserController::view);
        return org.springframework.http.ResponseEntity.status(org.springframework.http.HttpStatus.CREATED).body(new Invited(view, link));
      });
    } catch (RuntimeException e) {
      if (io.switchboard.app.db.PostgresErrors.violatedUniqueConstraint(e).filter(c -> c.equals("login_emails_pkey")).isPresent()) {
        throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "email_taken",
            email + " already has a Switchboard account; each e-mail belongs to one workspace.");
      }
      throw e;
    }
  }

  /** A new invitation link for someone who has not set their password yet (the old link stops working). */
  @org.springframework.web.bind.annotation.PostMapping("/{id}/invitation")
  public Invited reinvite(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "invite team members");
    return db.inTenant(user.tenantId(), tx -> {
      UserView view = tx.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional(UserController::view)
          .orElseThrow(() -> ApiException.notFound("user"));
      if (!view.status().equals("invited")) {
        throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "not_invited", view.email() + " has already set a password.");
      }
      return new Invited(view, invitations.create(tx, user.tenantId(), id, Optional.of(user.userId())));
    });
  }

  /** Changes a member's role (owners only); the workspace always keeps an owner. */
  @org.springframework.web.bind.annotation.PatchMapping("/{id}")
  public UserView changeRole(@PathVariable UUID id, @org.springframework.web.bind.annotation.RequestBody ChangeRole request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "change roles");
    Role role = role(request == null ? null : request.role());
    return db.inTenant(user.tenantId(), tx -> {
      UsersRecord r = tx.selectFrom(USERS).where(USERS.ID.eq(id)).forUpdate().fetchOptional()
          .orElseThrow(() -> ApiException.notFound("user"));
      if (Role.OWNER.dbValue().equals(r.getRole()) && role != Role.OWNER && otherOwners(tx, id) == 0) {
        throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "last_owner",
            "The workspace needs an owner: make someone else an owner first.");
      }
      tx.update(USERS).set(USERS.ROLE, role.dbValue()).where(USERS.ID.eq(id)).execute();
      audit.record(tx, user, "user.role_changed", "user", id.toString(), java.util.Map.of("from", r.getRole(), "to", role.dbValue()));
      return tx.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne(UserController::view);
    });
  }

  /** Removes someone from the workspace: they can no longer sign in, and their e-mail is free again. */
  @org.springframework.web.bind.annotation.DeleteMapping("/{id}")
  public org.springframework.http.ResponseEntity<Void> remove(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "remove team members");
    if (id.equals(user.userId())) {
      throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "self", "You cannot remove yourself.");
    }
    db.runInTenant(user.tenantId(), tx -> {
      UsersRecord r = tx.selectFrom(USERS).where(USERS.ID.eq(id)).forUpdate().fetchOptional()
          .orElseThrow(() -> ApiException.notFound("user"));
      if (Role.OWNER.dbValue().equals(r.getRole()) && user.role() != Role.OWNER) {
        throw new ApiException(org.springframework.http.HttpStatus.FORBIDDEN, "forbidden", "Only an owner can remove an owner.");
      }
      if (Role.OWNER.dbValue().equals(r.getRole()) && otherOwners(tx, id) == 0) {
        throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "last_owner", "The workspace needs an owner.");
      }
      tx.update(USERS).set(USERS.STATUS, "disabled").where(USERS.ID.eq(id)).execute();
      tx.resultQuery("select auth_release_email({0})", r.getEmail()).fetch();
      audit.record(tx, user, "user.removed", "user", id.toString(), java.util.Map.of("email", r.getEmail()));
    });
    return org.springframework.http.ResponseEntity.noContent().build();
  }

  private static int otherOwners(org.jooq.DSLContext tx, UUID except) {
    return tx.fetchCount(USERS, USERS.ROLE.eq(Role.OWNER.dbValue()).and(USERS.STATUS.ne("disabled")).and(USERS.ID.ne(except)));
  }

  private static Role role(String text) {
    for (Role r : Role.values()) {
      if (r.dbValue().equals(text)) {
        return r;
      }
    }
    throw ApiException.badRequest("invalid_role", "Choose a role: owner, admin or member.");
  }

  public record UserView(UUID id, String email, String displayName, String role, String status, Instant lastLoginAt,
                         Instant createdAt) {}

  @GetMapping
  public List<UserView> list() {
    SwitchboardUser user = CurrentUser.require();
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(USERS)
        .where(USERS.TENANT_ID.eq(user.tenantId().value())).orderBy(USERS.CREATED_AT).fetch(UserController::view));
  }

  @GetMapping("/{id}")
  public UserView get(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(USERS)
        .where(USERS.TENANT_ID.eq(user.tenantId().value()).and(USERS.ID.eq(id))).fetchOptional(UserController::view))
        .orElseThrow(() -> ApiException.notFound("user"));
  }

  private static UserView view(UsersRecord r) {
    return new UserView(r.getId(), r.getEmail(), r.getDisplayName(), r.getRole(), r.getStatus(),
        Optional.ofNullable(r.getLastLoginAt()).map(OffsetDateTime::toInstant).orElse(null),
        r.getCreatedAt().toInstant());
  }
}
