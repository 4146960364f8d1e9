package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.schema.jooq.tables.records.TenantsRecord;
import io.switchboard.ui.account.AccountPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.TENANTS;

/**
 * The caller's own workspace ({@code GET /api/v1/tenant}) and the superadmin's tenant
 * administration ({@code /api/v1/tenants}). Listing all tenants goes through the audited
 * cross-tenant database function, never around row-level security.
 */
@RestController
@RequestMapping("/api/v1")
public class TenantController {

  private final TenantDatabase db;
  private final AccountService accounts;
  private final AuditLog audit;

  private final TenantStatusService status;
  private final TeamService team;
  private final Invitations invitations;
  private final WorkspaceBusinessHours hours;
  private final InvitationMail mail;

  public TenantController(TenantDatabase db, AccountService accounts, AuditLog audit, TenantStatusService status,
                          TeamService team, Invitations invitations, WorkspaceBusinessHours hours, InvitationMail mail) {
    this.hours = hours;
    this.mail = mail;
    this.status = status;
    this.team = team;
    this.invitations = invitations;
    this.db = db;
    this.accounts = accounts;
    this.audit = audit;
  }

  public record TenantView(UUID id, String name, String slug, String plan, String status, String timezone,
                           Instant createdAt, WorkspaceBusinessHours.Shown businessHours) {}

  public record TenantSummary(UUID id, String name, String slug, String plan, String status, String timezone,
                              Instant createdAt, long users, long workflows) {}

  public record CreateTenant(String name, String slug, String plan, String timezone, String ownerName, String ownerEmail,
                             String ownerPassword) {}

  /**
   * {@code invitationUrl}: when no owner password was given, the link the owner sets one with (shown
   * once, and e-mailed to the owner: {@code invitationEmailed} says whether the mail was accepted).
   */
  public record CreatedTenant(UUID id, String slug, UUID ownerId, String invitationUrl, boolean invitationEmailed) {}

  @GetMapping("/tenant")
  public TenantView current() {
    SwitchboardUser user = CurrentUser.require();
    TenantsRecord t = db.inTenant(user.tenantId(), tx -> tx.selectFrom(TENANTS)
        .where(TENANTS.ID.eq(user.tenantId().value())).fetchOne());
    if (t == null) {
      throw ApiException.notFound("workspace");
    }
    return new TenantView(t.getId(), t.getName(), t.getSlug(), t.getPlan(), t.getStatus(), t.getTimezone(),
        t.getCreatedAt().toInstant(), hours.read(user.tenantId()));
  }

  @GetMapping("/tenants")
  public List<TenantSummary> all() {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("list all workspaces");
    return db.inTenant(user.tenantId(), tx -> {
      audit.record(tx, user, "platform.tenants_listed", "tenant", "*", Map.of());
      return tx.resultQuery("select * from platform_list_tenants()").fetch(r -> new TenantSummary(
          r.get("id", UUID.class), r.get("name", String.class), r.get("slug", String.class), r.get("plan", String.class),
          r.get("status", String.class), r.get("timezone", String.class),
          r.get("created_at", java.time.OffsetDateTime.class).toInstant(), r.get("user_count", Long.class),
          r.get("workflow_count", Long.class)));
    });
  }

  @PostMapping("/tenants")
  public ResponseEntity<CreatedTenant> create(@RequestBody CreateTenant request) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("create workspaces");
    if (request == null) {
      throw ApiException.badRequest("invalid_request", "Send name and ownerEmail (and ownerPassword, or the owner is invited).");
    }
    boolean invite = request.ownerPassword() == null || request.ownerPassword().isEmpty();
    try {
      AccountService.CreatedTenant created = accounts.create(new AccountService.NewTenant(request.name(),
              request.slug(), request.plan(), request.timezone(), request.ownerName(), request.ownerEmail(),
              request.ownerPassword(), false, invite),
          AuditLog.Actor.of(user), "tenant.created_by_superadmin");
      String link = invite ? db.inTenant(created.tenantId(), tx -> invitations.create(tx, created.tenantId(),
          created.ownerId(), Optional.of(user.userId()))) : null;
      db.runInTenant(user.tenantId(), tx -> audit.record(tx, user,
          "platform.tenant_created", "tenant", created.tenantId().toString(), Map.of("slug", created.slug(), "ownerInvited", invite)));
      boolean emailed = invite && mail.send(created.tenantId(), request.ownerEmail().strip().toLowerCase(java.util.Locale.ROOT),
          request.name().strip(), "The Switchboard team", "owner", link);
      return ResponseEntity.status(HttpStatus.CREATED)
          .body(new CreatedTenant(created.tenantId().value(), created.slug(), created.ownerId(), link, emailed));
    } catch (AccountPort.SignUpRejected e) {
      throw AuthController.rejected(e);
    }
  }

  /** Superadmin: the workspace stops (no sign-in, no API, no runs) until reactivated. */
  @PostMapping("/tenants/{id}/suspend")
  public ResponseEntity<Void> suspend(@org.springframework.web.bind.annotation.PathVariable UUID id) {
    status.suspend(CurrentUser.require(), id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/tenants/{id}/reactivate")
  public ResponseEntity<Void> reactivate(@org.springframework.web.bind.annotation.PathVariable UUID id) {
    status.reactivate(CurrentUser.require(), id);
    return ResponseEntity.noContent().build();
  }

  /** Either or both: {@code timezone}, {@code businessHours} ({@code {days, opens, closes, byDay}}). */
  public record ChangeWorkspace(String timezone, WorkspaceBusinessHours.Hours businessHours) {}

  /**
   * Admins change the workspace's time zone (schedules, business hours and the dashboard's days use
   * it) and its business hours. Both are checked before either is saved.
   */
  @org.springframework.web.bind.annotation.PatchMapping("/tenant")
  public TenantView change(@RequestBody ChangeWorkspace request) {
    SwitchboardUser user = CurrentUser.require();
    if (request == null || (request.timezone() == null && request.businessHours() == null)) {
      throw ApiException.badRequest("invalid_request", "Send the workspace's timezone, its businessHours, or both.");
    }
    if (request.businessHours() != null) {
      user.require(io.switchboard.app.security.Role.ADMIN, "change the workspace's business hours");
      WorkspaceBusinessHours.validate(request.businessHours());
    }
    if (request.timezone() != null) {
      team.setTimezone(user, request.timezone());
    }
    if (request.businessHours() != null) {
      hours.change(user, request.businessHours());
    }
    return current();
  }
}
