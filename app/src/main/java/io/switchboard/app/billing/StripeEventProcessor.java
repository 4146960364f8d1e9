package io.switchboard.app.billing;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanAssignment;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.plans.UsageMeter;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.BillingAccountsRecord;
import io.switchboard.schema.jooq.tables.records.InvoicesRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.BILLING_ACCOUNTS;
import static io.switchboard.schema.jooq.Tables.INVOICES;
import static io.switchboard.schema.jooq.Tables.TENANTS;

/**
 * Applies a verified Stripe event to the workspace whose customer it concerns, exactly once: the
 * event id is claimed in the same transaction as the change, so a replay changes nothing and a
 * failure leaves it to Stripe's retry. Subscription events older than the last one applied are
 * ignored, and an invoice never goes back from paid to failed, so events arriving out of order do
 * not regress the state.
 */
@Component
public class StripeEventProcessor {

  private static final Logger log = LoggerFactory.getLogger(StripeEventProcessor.class);
  static final List<String> HANDLED = List.of("checkout.session.completed", "customer.subscription.created",
      "customer.subscription.updated", "customer.subscription.deleted", "invoice.paid", "invoice.payment_failed",
      "charge.refunded");
  /** Subscription states in which the workspace is on the subscribed plan. */
  private static final List<String> ON_PLAN = List.of("trialing", "active", "past_due");
  /** Subscription states that end it: the workspace goes back to the free plan. */
  private static final List<String> ENDED = List.of("canceled", "unpaid", "incomplete_expired");
  private static final String FREE_PLAN = "trial";

  private final TenantDatabase db;
  private final BillingSettings settings;
  private final PlanCatalog plans;
  private final PlanAssignment assignment;
  private final AuditLog audit;
  private final BillingThrottle throttle;
  private final Clock clock;
  private final UsageMeter usage;

  public StripeEventProcessor(TenantDatabase db, BillingSettings settings, PlanCatalog plans, PlanAssignment assignment,
                              AuditLog audit, BillingThrottle throttle, Clock clock, UsageMeter usage) {
    this.usage = usage;
    this.db = db;
    this.settings = settings;
    this.plans = plans;
    this.assignment = assignment;
    this.audit = audit;
    this.throttle = throttle;
    this.clock = clock;
  }

  /** What came of an event. */
  public enum Outcome { PROCESSED, DUPLICATE, IGNORED }

  public Outcome process(String eventId, String type, Instant created, JsonNode object) {
    String customer = idOf(object.path("customer"));
    Optional<TenantId> tenant = customer.isEmpty() ? Optional.empty() : db.platform(tx -> Optional.ofNullable(
        tx.fetchValue(DSL.field("billing_tenant_of_customer({0})", UUID.class, DSL.val(customer)))).map(TenantId::new));
    if (tenant.isEmpty() || !HANDLED.contains(type)) {
      boolean first = db.platform(tx -> claim(tx, eventId, type));
      log.info("Stripe event {} ({}) not for a known workspace or not handled: ignored", eventId, type);
      return first ? Outcome.IGNORED : Outcome.DUPLICATE;
    }
    Outcome outcome = db.inTenant(tenant.get(), tx -> {
      if (!claim(tx, eventId, type)) {
        return Outcome.DUPLICATE;
      }
      BillingAccountsRecord account = tx.selectFrom(BILLING_ACCOUNTS).forUpdate().fetchOne();
      if (account == null) {
        return Outcome.IGNORED;
      }
      switch (type) {
        case "checkout.session.completed" -> checkoutCompleted(tx, tenant.get(), account, object);
        case "customer.subscription.created", "customer.subscription.updated" ->
            subscriptionChanged(tx, tenant.get(), account, created, object, false);
        case "customer.subscription.deleted" -> subscriptionChanged(tx, tenant.get(), account, created, object, true);
        case "invoice.paid" -> invoicePaid(tx, tenant.get(), account, object);
        case "invoice.payment_failed" -> paymentFailed(tx, tenant.get(), account, object);
        case "charge.refunded" -> chargeRefunded(tx, tenant.get(), object);
        default -> throw new IllegalStateException(type);
      }
      return Outcome.PROCESSED;
    });
    plans.forget(tenant.get());
    throttle.forget(tenant.get());
    usage.forget(tenant.get()); // runs reserved ahead on this node were taken against the old limit
    return outcome;
  }

  private static boolean claim(DSLContext tx, String eventId, String type) {
    return Boolean.TRUE.equals(tx.fetchValue(DSL.field("claim_stripe_event({0}, {1})", Boolean.class, DSL.val(eventId),
        DSL.val(type))));
  }

  private void checkoutCompleted(DSLContext tx, TenantId tenant, BillingAccountsRecord account, JsonNode session) {
    String subscription = idOf(session.path("subscription"));
    if (!subscription.isEmpty() && account.getStripeSubscriptionId() == null) {
      account.setStripeSubscriptionId(subscription);
      touch(account);
    }
    audit.record(tx, tenant, AuditLog.Actor.SYSTEM, "billing.checkout_completed", "subscription", subscription, Map.of());
  }

  private void subscriptionChanged(DSLContext tx, TenantId tenant, BillingAccountsRecord account, Instant created,
                                   JsonNode subscription, boolean deleted) {
    String id = subscription.path("id").asString();
    String status = deleted ? "canceled" : subscription.path("status").asString();
    OffsetDateTime at = utc(created);
    OffsetDateTime last = account.getLastEventAt();
    boolean sameSubscription = id.equals(account.getStripeSubscriptionId());
    if (last != null && at.isBefore(last)) {
      log.info("Stripe subscription event for tenant {} older than the state applied: ignored", tenant);
      return;
    }
    if (account.getStripeSubscriptionId() != null && !sameSubscription && ENDED.contains(status)) {
      return; // an earlier subscription ending does not end the current one
    }
    if (sameSubscription && last != null && at.isEqual(last) && ENDED.contains(account.getSubscriptionStatus())
        && !ENDED.contains(status)) {
      return; // same second as the cancellation: an ended subscription does not come back
    }
    JsonNode planItem = null;
    for (JsonNode item : subscription.path("items").path("data")) {
      if (settings.planOfPrice(item.path("price").path("id").asString()).isPresent()) {
        planItem = item;
        break;
      }
    }
    Optional<String> plan = planItem == null ? Optional.empty()
        : settings.planOfPrice(planItem.path("price").path("id").asString());
    String previousStatus = account.getSubscriptionStatus();
    String previousPlan = account.getPlan();
    account.setStripeSubscriptionId(id);
    account.setSubscriptionStatus(status);
    account.setLastEventAt(at);
    if (planItem != null) {
      account.setSubscriptionItemId(planItem.path("id").asString());
      account.setCurrentPeriodStart(epoch(planItem.path("current_period_start")));
      account.setCurrentPeriodEnd(epoch(planItem.path("current_period_end")));
    }
    account.setTrialEnd(epoch(subscription.path("trial_end")));
    plan.ifPresent(account::setPlan);
    touch(account);
    Optional<String> workspacePlan = ON_PLAN.contains(status) ? plan : ENDED.contains(status) ? Optional.of(FREE_PLAN)
        : Optional.empty();
    workspacePlan.flatMap(plans::plan).ifPresent(p -> assignment.assign(tenant, p, AuditLog.Actor.SYSTEM,
        Map.of("reason", "stripe_subscription", "subscriptionStatus", status)));
    if (!status.equals(previousStatus) || !java.util.Objects.equals(previousPlan, account.getPlan())) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("status", status);
      details.put("previousStatus", previousStatus);
      details.put("plan", account.getPlan());
      audit.record(tx, tenant, AuditLog.Actor.SYSTEM, "billing.subscription_changed", "subscription", id, details);
    }
  }

  private void invoicePaid(DSLContext tx, TenantId tenant, BillingAccountsRecord account, JsonNode invoice) {
    upsertInvoice(tx, tenant, invoice, "paid");
    boolean stillFailing = tx.fetchExists(INVOICES, INVOICES.STATUS.eq("failed"));
    if (stillFailing || (account.getGraceUntil() == null && !account.getSuspendedForNonPayment())) {
      return;
    }
    boolean reactivate = account.getSuspendedForNonPayment();
    account.setGraceUntil(null);
    account.setPaymentFailedAt(null);
    account.setSuspendedForNonPayment(false);
    touch(account);
    if (reactivate) {
      // only a suspension billing made is lifted: a superadmin's suspension stays
      tx.update(TENANTS).set(TENANTS.STATUS, "active").set(TENANTS.UPDATED_AT, now())
          .where(TENANTS.ID.eq(tenant.value())).and(TENANTS.STATUS.eq("suspended")).execute();
    }
    audit.record(tx, tenant, AuditLog.Actor.SYSTEM, "billing.service_restored", "invoice", invoice.path("id").asString(),
        Map.of("reactivated", reactivate));
  }

  private void paymentFailed(DSLContext tx, TenantId tenant, BillingAccountsRecord account, JsonNode invoice) {
    if (!upsertInvoice(tx, tenant, invoice, "failed").equals("failed")) {
      return; // paid or refunded already: this failure is older news
    }
    if (account.getGraceUntil() != null || account.getSuspendedForNonPayment()) {
      return;
    }
    account.setPaymentFailedAt(now());
    account.setGraceUntil(now().plus(settings.grace()));
    touch(account);
    audit.record(tx, tenant, AuditLog.Actor.SYSTEM, "billing.payment_failed", "invoice", invoice.path("id").asString(),
        Map.of("graceUntil", account.getGraceUntil().toInstant().toString()));
  }

  private void chargeRefunded(DSLContext tx, TenantId tenant, JsonNode charge) {
    String paymentIntent = idOf(charge.path("payment_intent"));
    String invoiceId = idOf(charge.path("invoice"));
    String chargeId = charge.path("id").asString();
    InvoicesRecord invoice = tx.selectFrom(INVOICES).where(INVOICES.ID.eq(invoiceId)
        .or(INVOICES.CHARGE_ID.eq(chargeId))
        .or(paymentIntent.isEmpty() ? DSL.falseCondition() : INVOICES.PAYMENT_INTENT_ID.eq(paymentIntent)))
        .forUpdate().fetchAny();
    if (invoice == null) {
      log.info("refund of a charge with no known invoice for tenant {}: ignored", tenant);
      return;
    }
    invoice.setAmountRefunded(Math.max(invoice.getAmountRefunded(), charge.path("amount_refunded").asLong()));
    invoice.setChargeId(chargeId);
    if (charge.path("refunded").asBoolean(false)) {
      invoice.setStatus("refunded");
    }
    invoice.setUpdatedAt(now());
    invoice.update();
    audit.record(tx, tenant, AuditLog.Actor.SYSTEM, "billing.invoice_refunded", "invoice", invoice.getId(),
        Map.of("amountRefundedCents", invoice.getAmountRefunded(), "full", charge.path("refunded").asBoolean(false)));
  }

  private static int rank(String status) {
    return switch (status) {
      case "failed" -> 1;
      case "paid" -> 2;
      case "refunded" -> 3;
      default -> 0;
    };
  }

  /** Writes the invoice, moving its status only forward (failed → paid → refunded); returns the status it has now. */
  private String upsertInvoice(DSLContext tx, TenantId tenant, JsonNode invoice, String status) {
    String id = invoice.path("id").asString();
    InvoicesRecord row = tx.selectFrom(INVOICES).where(INVOICES.ID.eq(id)).forUpdate().fetchOne();
    if (row == null) {
      row = tx.newRecord(INVOICES);
      row.setTenantId(tenant.value());
      row.setId(id);
      row.setStatus(status);
      row.setCreatedAt(Optional.ofNullable(epoch(invoice.path("created"))).orElse(now()));
    } else if (rank(status) > rank(row.getStatus())) {
      row.setStatus(status);
    } else {
      return row.getStatus(); // older news about this invoice: keep what is known
    }
    row.setAmountCents(status.equals("paid") ? invoice.path("amount_paid").asLong() : invoice.path("amount_due").asLong());
    row.setCurrency(invoice.path("currency").asString("usd"));
    row.setPeriodStart(epoch(invoice.path("period_start")));
    row.setPeriodEnd(epoch(invoice.path("period_end")));
    String hosted = invoice.path("hosted_invoice_url").asString("");
    row.setHostedUrl(hosted.isEmpty() ? row.getHostedUrl() : hosted);
    String paymentIntent = idOf(invoice.path("payment_intent"));
    if (paymentIntent.isEmpty()) {
      for (JsonNode payment : invoice.path("payments").path("data")) {
        paymentIntent = idOf(payment.path("payment").path("payment_intent"));
      }
    }
    if (!paymentIntent.isEmpty()) {
      row.setPaymentIntentId(paymentIntent);
    }
    String charge = idOf(invoice.path("charge"));
    if (!charge.isEmpty()) {
      row.setChargeId(charge);
    }
    row.setUpdatedAt(now());
    row.store();
    return row.getStatus();
  }

  /** A Stripe reference: the id string, or the id of an expanded object. */
  static String idOf(JsonNode ref) {
    if (ref.isObject()) {
      return ref.path("id").asString("");
    }
    return ref.isString() ? ref.asString() : "";
  }

  private static OffsetDateTime epoch(JsonNode seconds) {
    return seconds.isNumber() ? utc(Instant.ofEpochSecond(seconds.asLong())) : null;
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private OffsetDateTime now() {
    return utc(clock.instant());
  }

  private void touch(BillingAccountsRecord account) {
    account.setUpdatedAt(now());
    account.update();
  }
}
