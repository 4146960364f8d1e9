package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.PasswordHashing;
import io.switchboard.app.security.Role;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.app.db.PostgresErrors;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.USERS;

/**
 * Workspaces and their people: sign-up (a new tenant and its owner), tenants created by the
 * superadmin, and the first-start superadmin. Each runs in one transaction scoped to the new
 * tenant, so a half-made workspace never remains.
 */
@Service
public class AccountService implements AccountPort {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");

  private final TenantDatabase db;
  private final PasswordHashing hashing;
  private final AuditLog audit;
  private final SecureRandom random = new SecureRandom();

  private final Invitations invitations;

  public AccountService(TenantDatabase db, PasswordHashing hashing, AuditLog audit, Invitations invitations) {
    this.invitations = invitations;
    this.db = db;
    this.hashing = hashing;
    this.audit = audit;
  }

  /**
   * What to create: the workspace and its owner. Blank slug means "derive from the name"; with
   * {@code inviteOwner} (the superadmin adding a client without a password) the owner is invited to set one.
   */
  public record NewTenant(String name, String slug, String plan, String timezone, String ownerName, String ownerEmail,
                          String ownerPassword, boolean platform, boolean inviteOwner) {
    public NewTenant(String name, String slug, String plan, String timezone, String ownerName, String ownerEmail,
                     String ownerPassword, boolean platform) {
      this(name, slug, plan, timezone, ownerName, ownerEmail, ownerPassword, platform, false);
    }
  }

  public record CreatedTenant(TenantId tenantId, String slug, UUID ownerId) {}

  @Override
  public void signUp(SignUpForm form) throws SignUpRejected {
    register(form);
  }

  /** Self-service sign-up (UI or API): a trial workspace and its owner. */
  public CreatedTenant register(SignUpForm form) throws SignUpRejected {
    return create(new NewTenant(form.companyName(), "", "trial", form.timezone(), form.yourName(), form.email(),
        form.password(), false), AuditLog.Actor.SYSTEM, "tenant.signed_up");
  }

  @Override
  public Optional<Invitation> invitation(String token) {
    try {
      Invitations.Invitation i = invitations.show(token);
      return Optional.of(new Invitation(i.workspace(), i.email(), i.displayName(), i.role()));
    } catch (io.switchboard.app.web.ApiException gone) {
      return Optional.empty();
    }
  }

  @Override
  public String acceptInvitation(String token, String password, String displayName) throws SignUpRejected {
    try {
      return invitations.accept(token, password, displayName);
    } catch (io.switchboard.app.web.ApiException e) {
      throw new SignUpRejected("password", e.getMessage());
    }
  }

  @Override
  public Optional<Workspace> currentWorkspace() {
    return CurrentUser.get().map(u -> new Workspace(u.tenantName(), u.email(), u.role().dbValue(), u.superadmin(),
        u.tenantId(), u.userId()));
  }

  /** Creates a tenant and its owner, or explains in words which field to fix. */
  public CreatedTenant create(NewTenant t, AuditLog.Actor actor, String auditAction) throws SignUpRejected {
    String name = t.name() == null ? "" : t.name().trim();
    if (name.isEmpty() || name.length() > 200) {
      throw new SignUpRejected("companyName", "Enter the business name (at most 200 characters).");
    }
    String email = t.ownerEmail() == null ? "" : t.ownerEmail().trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(email).matches() || email.length() > 254) {
      throw new SignUpRejected("email", "Enter a valid e-mail address, such as owner@example.com.");
    }
    Optional<String> weak = t.inviteOwner() ? Optional.empty() : PasswordHashing.weakness(t.ownerPassword());
    if (weak.isPresent()) {
      throw new SignUpRejected("password", weak.get());
    }
    String zone = t.timezone() == null || t.timezone().isBlank() ? "UTC" : t.timezone().trim();
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new SignUpRejected("timezone", "'" + zone + "' is not a time zone; pick one such as America/New_York.");
    }
    boolean explicitSlug = t.slug() != null && !t.slug().isBlank();
    String slug = explicitSlug ? t.slug().trim().toLowerCase(Locale.ROOT) : slugOf(name);
    if (!SLUG.matcher(slug).matches()) {
      throw new SignUpRejected("slug", "A workspace address uses 2–63 lowercase letters, digits and dashes.");
    }
    String passwordHash = t.inviteOwner() ? null : hashing.hash(t.ownerPassword());
    for (int attempt = 0; ; attempt++) {
      String candidate = attempt == 0 ? slug : slug + "-" + randomSuffix();
      TenantId tenant = TenantId.random();
      UUID owner = UUID.randomUUID();
      try {
        db.runInTenant(tenant, tx -> {
          tx.insertInto(TENANTS)
              .set(TENANTS.ID, tenant.value())
              .set(TENANTS.NAME, name)
              .set(TENANTS.SLUG, candidate)
              .set(TENANTS.PLAN, t.plan() == null || t.plan().isBlank() ? "trial" : t.plan())
              .set(TENANTS.TIMEZONE, zone)
              .set(TENANTS.IS_PLATFORM, t.platform())
              .execute();
          tx.insertInto(USERS)
              .set(USERS.TENANT_ID, tenant.value())
              .set(USERS.ID, owner)
              .set(USERS.EMAIL, email)
              .set(USERS.PASSWORD_HASH, passwordHash)
              .set(USERS.DISPLAY_NAME, t.ownerName() == null ? "" : t.ownerName().trim())
              .set(USERS.ROLE, Role.OWNER.dbValue())
              .set(USERS.STATUS, t.inviteOwner() ? "invited" : "active")
              .set(USERS.SUPERADMIN, t.platform())
              .execute();
          tx.resultQuery("select auth_claim_email({0}, {1})", email, owner).fetch();
          audit.record(tx, tenant, actor, auditAction, "tenant", tenant.toString(),
              Map.of("name", name, "slug", candidate, "owner", email));
        });
        return new CreatedTenant(tenant, candidate, owner);
      } catch (RuntimeException e) {
        // jOOQ's exception, or Spring's translation of it; the PostgreSQL error is in the causes.
        String constraint = PostgresErrors.violatedUniqueConstraint(e).orElseThrow(() -> e);
        if (constraint.equals("login_emails_pkey")) {
          throw new SignUpRejected("email", "An account with this e-mail already exists. Sign in instead.", true);
        }
        if (constraint.equals("tenants_slug_key") && !explicitSlug && attempt < 5) {
          continue;
        }
        if (constraint.equals("tenants_slug_key")) {
          throw new SignUpRejected("slug", "The workspace address '" + candidate + "' is taken; choose another.", true);
        }
        throw e;
      }
    }
  }

  static String slugOf(String name) {
    String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > 40) {
      slug = slug.substring(0, 40).replaceAll("-+$", "");
    }
    return slug.length() < 2 ? "workspace" : slug;
  }

  private String randomSuffix() {
    String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
