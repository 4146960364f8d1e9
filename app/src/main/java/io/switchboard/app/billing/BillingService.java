package io.switchboard.app.billing;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.ActiveWorkflowLimit;
import io.switchboard.app.plans.PlanAssignment;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.plans.QuotaAdmission;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.BillingAccountsRecord;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.switchboard.schema.jooq.Tables.BILLING_ACCOUNTS;
import static io.switchboard.schema.jooq.Tables.INVOICES;
import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.USERS;

/**
 * A workspace's billing as its users act on it: the state and notice to show, Checkout, the
 * customer portal, plan changes (a downgrade below current use is refused with what to change
 * first) and invoices. No database transaction is held while Stripe is called.
 */
@Component
public class BillingService {

  static final String SEATS = "seats";

  private final TenantDatabase db;
  private final StripeGateway stripe;
  private final BillingSettings settings;
  private final PlanCatalog plans;
  private final PlanAssignment assignment;
  private final BillingThrottle throttle;
  private final SignedWebhookPoster urls;
  private final AuditLog audit;
  private final Clock clock;

  private final ActiveWorkflowLimit activeWorkflows;

  public BillingService(TenantDatabase db, StripeGateway stripe, BillingSettings settings, PlanCatalog plans,
                        PlanAssignment assignment, BillingThrottle throttle, SignedWebhookPoster urls, AuditLog audit,
                        Clock clock, ActiveWorkflowLimit activeWorkflows) {
    this.activeWorkflows = activeWorkflows;
    this.db = db;
    this.stripe = stripe;
    this.settings = settings;
    this.plans = plans;
    this.assignment = assignment;
    this.throttle = throttle;
    this.urls = urls;
    this.audit = audit;
    this.clock = clock;
  }

  /** The cut limits while a payment is overdue. */
  public record Throttle(int percent, long apiRequestsPerMinute, long executionsPerMonth) {}

  /** Something the UI shows as a banner: {@code level} info, warning or error. */
  public record Notice(String code, String level, String message) {}

  public record BillingView(String mode, String plan, String planName, String workspaceStatus, String subscriptionStatus,
                            Optional<Instant> currentPeriodEnd, Optional<Instant> trialEnd, Optional<Instant> graceUntil,
                            boolean suspendedForNonPayment, Optional<Throttle> throttle, Optional<Notice> notice,
                            List<String> purchasablePlans) {}

  public record Invoice(String id, long amountCents, long amountRefundedCents, String currency, String status,
                        Optional<Instant> periodStart, Optional<Instant> periodEnd, Optional<String> hostedUrl,
                        Instant createdAt) {}

  public record PlanChanged(String plan, String subscriptionStatus) {}

  /** A downgrade the workspace's current use does not fit: the changes to make first, one sentence each. */
  public static final class DowngradeBlocked extends RuntimeException {
    private final List<String> changesNeeded;

    DowngradeBlocked(String message, List<String> changesNeeded) {
      super(message);
      this.changesNeeded = List.copyOf(changesNeeded);
    }

    public List<String> changesNeeded() {
      return changesNeeded;
    }
  }

  public BillingView view(TenantId tenant) {
    PlanCatalog.Workspace workspace = plans.workspace(tenant);
    Optional<BillingAccountsRecord> account = account(tenant);
    Optional<Instant> grace = account.map(BillingAccountsRecord::getGraceUntil).map(OffsetDateTime::toInstant);
    boolean suspendedForNonPayment = account.map(BillingAccountsRecord::getSuspendedForNonPayment).orElse(false);
    Optional<Throttle> cut = throttle.current(tenant).map(t -> new Throttle(t.percent(),
        t.apply(workspace.plan().limit(io.switchboard.app.plans.ApiRateLimiter.METRIC).orElse(600L)),
        t.apply(workspace.plan().limit(QuotaAdmission.EXECUTIONS).orElse(Long.MAX_VALUE))));
    String status = account.map(BillingAccountsRecord::getSubscriptionStatus).orElse("none");
    Optional<Notice> notice;
    if (suspendedForNonPayment) {
      notice = Optional.of(new Notice("suspended_for_non_payment", "error", "This workspace is suspended because a "
          + "payment was not made. Pay the open invoice to restart its workflows."));
    } else if (grace.isPresent()) {
      notice = Optional.of(new Notice("payment_overdue", "warning", "A payment failed. Until it is paid, this workspace "
          + "runs at " + settings.throttlePercent() + "% of its plan's limits, and it will be suspended on "
          + BillingThrottle.DAY.format(grace.get()) + ". Update the payment method in the billing portal."));
    } else if (status.equals("trialing")) {
      notice = account.map(BillingAccountsRecord::getTrialEnd).map(end -> new Notice("trialing", "info",
          "Your trial ends on " + BillingThrottle.DAY.format(end.toInstant()) + "; the subscription then starts."));
    } else {
      notice = Optional.empty();
    }
    return new BillingView(settings.sandbox() ? "sandbox" : "live", workspace.plan().id(), workspace.plan().name(),
        workspace.status(), status,
        account.map(BillingAccountsRecord::getCurrentPeriodEnd).map(OffsetDateTime::toInstant),
        account.map(BillingAccountsRecord::getTrialEnd).map(OffsetDateTime::toInstant),
        grace, suspendedForNonPayment, cut, notice,
        plans.plans().stream().map(PlanCatalog.Plan::id).filter(p -> settings.price(p).isPresent()).toList());
  }

  /** Starts a subscription to {@code planId}: the Checkout page to send the owner to. */
  public String checkout(TenantId tenant, String email, String planId) {
    PlanCatalog.Plan plan = paidPlan(planId);
    Optional<BillingAccountsRecord> account = account(tenant);
    String subscriptionStatus = account.map(BillingAccountsRecord::getSubscriptionStatus).orElse("none");
    if (List.of("trialing", "active", "past_due").contains(subscriptionStatus)) {
      throw new ApiException(HttpStatus.CONFLICT, "already_subscribed", "This workspace already has a subscription. "
          + "Change its plan instead, or manage it in the billing portal.");
    }
    String customer = customer(tenant, email);
    boolean firstSubscription = account.map(a -> a.getStripeSubscriptionId() == null).orElse(true);
    // double clicks within a minute get the same session from Stripe
    String key = "checkout:" + tenant.value() + ":" + plan.id() + ":" + clock.instant().getEpochSecond() / 60;
    return stripe.createCheckout(tenant, customer, settings.price(plan.id()).orElseThrow(),
        firstSubscription ? settings.trialDays() : 0, urls.publicUrl("/billing?checkout=success"),
        urls.publicUrl("/billing?checkout=canceled"), key);
  }

  public String portal(TenantId tenant, String email) {
    String customer = customer(tenant, email);
    return stripe.createPortal(customer, urls.publicUrl("/billing"),
        "portal:" + tenant.value() + ":" + clock.instant().getEpochSecond() / 60);
  }

  /** The workspace's Stripe customer, created once (the idempotency key is the workspace's: a retry makes no second one). */
  public String customer(TenantId tenant, String email) {
    Optional<BillingAccountsRecord> account = account(tenant);
    if (account.isPresent()) {
      return account.get().getStripeCustomerId();
    }
    String name = db.inTenant(tenant, tx -> tx.select(TENANTS.NAME).from(TENANTS).where(TENANTS.ID.eq(tenant.value()))
        .fetchOne(TENANTS.NAME));
    String customer = stripe.createCustomer(tenant, name, email, "customer:" + tenant.value());
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.runInTenant(tenant, tx -> {
      int inserted = tx.insertInto(BILLING_ACCOUNTS)
          .set(BILLING_ACCOUNTS.TENANT_ID, tenant.value())
          .set(BILLING_ACCOUNTS.STRIPE_CUSTOMER_ID, customer)
          .set(BILLING_ACCOUNTS.CREATED_AT, now)
          .set(BILLING_ACCOUNTS.UPDATED_AT, now)
          .onConflictDoNothing().execute();
      if (inserted > 0) {
        audit.record(tx, tenant, new AuditLog.Actor(null, email), "billing.customer_created", "stripe_customer", customer,
            Map.of());
      }
    });
    return account(tenant).orElseThrow().getStripeCustomerId();
  }

  /**
   * Moves the subscription to another paid plan. Refused (with the changes to make first) when the
   * workspace uses more active workflows or seats than the plan allows.
   */
  public PlanChanged changePlan(TenantId tenant, AuditLog.Actor actor, String planId) {
    PlanCatalog.Plan target = paidPlan(planId);
    BillingAccountsRecord account = account(tenant)
        .filter(a -> a.getStripeSubscriptionId() != null && a.getSubscriptionItemId() != null
            && List.of("trialing", "active", "past_due").contains(a.getSubscriptionStatus()))
        .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "no_subscription",
            "This workspace has no subscription yet. Start one with Checkout first."));
    if (target.id().equals(plans.workspace(tenant).plan().id())) {
      return new PlanChanged(target.id(), account.getSubscriptionStatus());
    }
    List<String> changes = changesNeededFor(tenant, target);
    if (!changes.isEmpty()) {
      throw new DowngradeBlocked("This workspace uses more than the " + target.name() + " plan allows. Change "
          + (changes.size() == 1 ? "this" : "these") + " first, then try again: " + String.join(" ", changes), changes);
    }
    String key = "plan:" + account.getStripeSubscriptionId() + ":" + account.getPlanChanges() + ":" + target.id();
    StripeGateway.SubscriptionState state = stripe.changePrice(account.getStripeSubscriptionId(),
        account.getSubscriptionItemId(), settings.price(target.id()).orElseThrow(), key);
    db.runInTenant(tenant, tx -> {
      tx.update(BILLING_ACCOUNTS).set(BILLING_ACCOUNTS.PLAN_CHANGES, BILLING_ACCOUNTS.PLAN_CHANGES.plus(1))
          .set(BILLING_ACCOUNTS.PLAN, target.id())
          .set(BILLING_ACCOUNTS.UPDATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
          .execute();
      audit.record(tx, tenant, actor, "billing.plan_change_requested", "subscription", account.getStripeSubscriptionId(),
          Map.of("plan", target.id()));
      assignment.assign(tenant, target, actor, Map.of("reason", "subscription_plan_change"));
    });
    return new PlanChanged(target.id(), state.status());
  }

  /** Ends the subscription now (Stripe's {@code customer.subscription.deleted} then moves the workspace to the free plan). */
  public PlanChanged cancel(TenantId tenant, AuditLog.Actor actor) {
    BillingAccountsRecord account = account(tenant)
        .filter(a -> a.getStripeSubscriptionId() != null && !a.getSubscriptionStatus().equals("canceled"))
        .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "no_subscription", "This workspace has no subscription to cancel."));
    StripeGateway.SubscriptionState state = stripe.cancel(account.getStripeSubscriptionId(),
        "cancel:" + account.getStripeSubscriptionId());
    db.runInTenant(tenant, tx -> audit.record(tx, tenant, actor, "billing.cancel_requested", "subscription",
        account.getStripeSubscriptionId(), Map.of()));
    return new PlanChanged(plans.workspace(tenant).plan().id(), state.status());
  }

  /** What the workspace must change before moving to {@code target}, one sentence per limit it is over. */
  List<String> changesNeededFor(TenantId tenant, PlanCatalog.Plan target) {
    List<String> changes = new ArrayList<>();
    int active = activeWorkflows.count(tenant, Optional.empty());
    target.limit(ActiveWorkflowLimit.METRIC).filter(limit -> active > limit).ifPresent(limit -> changes.add(
        "Switch off " + (active - limit) + " of your " + active + " active workflows: the " + target.name()
            + " plan allows " + limit + "."));
    int seats = db.inTenant(tenant, tx -> tx.fetchCount(USERS, USERS.STATUS.ne("disabled")));
    target.limit(SEATS).filter(limit -> seats > limit).ifPresent(limit -> changes.add(
        "Remove or disable " + (seats - limit) + " of your " + seats + " users: the " + target.name()
            + " plan allows " + limit + " seats."));
    return changes;
  }

  public List<Invoice> invoices(TenantId tenant) {
    return db.inTenant(tenant, tx -> tx.selectFrom(INVOICES).orderBy(INVOICES.CREATED_AT.desc(), INVOICES.ID).limit(200)
        .fetch(r -> new Invoice(r.getId(), r.getAmountCents(), r.getAmountRefunded(), r.getCurrency(), r.getStatus(),
            Optional.ofNullable(r.getPeriodStart()).map(OffsetDateTime::toInstant),
            Optional.ofNullable(r.getPeriodEnd()).map(OffsetDateTime::toInstant), Optional.ofNullable(r.getHostedUrl()),
            r.getCreatedAt().toInstant())));
  }

  Optional<BillingAccountsRecord> account(TenantId tenant) {
    return db.inTenant(tenant, tx -> tx.selectFrom(BILLING_ACCOUNTS).fetchOptional());
  }

  private PlanCatalog.Plan paidPlan(String planId) {
    List<String> purchasable = plans.plans().stream().map(PlanCatalog.Plan::id).filter(p -> settings.price(p).isPresent())
        .toList();
    return plans.plan(planId == null ? "" : planId).filter(p -> settings.price(p.id()).isPresent())
        .orElseThrow(() -> ApiException.badRequest("invalid_plan", purchasable.isEmpty()
            ? "No plan can be bought yet: the platform has not set its Stripe prices (SWITCHBOARD_STRIPE_PRICES)."
            : "Choose one of the plans: " + String.join(", ", purchasable) + "."));
  }
}
