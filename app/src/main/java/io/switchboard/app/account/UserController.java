package io.switchboard.app.account;

import io.switchboard.app.security.CurrentUser;
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
  private final TeamService team;

  public UserController(TenantDatabase db, TeamService team) {
    this.db = db;
    this.team = team;
  }

  public record AddUser(String email, String displayName, String role, String password) {}

  public record ChangeUser(String role) {}

  /**
   * Admins add someone with a role, within the plan's seats: with a first password they pass on, or
   * without one, invited through a one-time link ({@code invitationUrl}, shown once).
   */
  @org.springframework.web.bind.annotation.PostMapping
  public org.springframework.http.ResponseEntity<TeamService.Added> add(
      @org.springframework.web.bind.annotation.RequestBody AddUser r) {
    if (r == null) {
      throw ApiException.badRequest("invalid_request", "Send email and role (and a first password, or they are invited).");
    }
    return org.springframework.http.ResponseEntity.status(org.springframework.http.HttpStatus.CREATED)
        .body(team.add(CurrentUser.require(), r.email(), r.displayName(), r.role(), r.password()));
  }

  /** A new invitation link for someone who has not chosen a password yet. */
  @org.springframework.web.bind.annotation.PostMapping("/{id}/invitation")
  public TeamService.Added reinvite(@PathVariable UUID id) {
    return team.reinvite(CurrentUser.require(), id);
  }

  @org.springframework.web.bind.annotation.PatchMapping("/{id}")
  public UserView changeRole(@PathVariable UUID id, @org.springframework.web.bind.annotation.RequestBody ChangeUser r) {
    team.changeRole(CurrentUser.require(), id, r == null ? null : r.role());
    return get(id);
  }

  @org.springframework.web.bind.annotation.DeleteMapping("/{id}")
  public org.springframework.http.ResponseEntity<Void> remove(@PathVariable UUID id) {
    team.remove(CurrentUser.require(), id);
    return org.springframework.http.ResponseEntity.noContent().build();
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
