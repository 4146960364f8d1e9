package io.switchboard.app.billing;

import com.stripe.Stripe;
import com.stripe.net.Webhook;
import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.switchboard.schema.jooq.Tables.SANDBOX_STRIPE_OBJECTS;

/**
 * The built-in sandbox Stripe account: its objects (customers, Checkout sessions, subscriptions,
 * invoices, charges, meter events, events) kept in PostgreSQL so every node sees them, what happens
 * in it (a checkout completed, a plan changed, a payment failed or refunded) and the events it then
 * sends to {@code /hooks/stripe}, signed with {@code Stripe-Signature} as Stripe does.
 */
@Component
public class SandboxStripe {

  private static final Logger log = LoggerFactory.getLogger(SandboxStripe.class);
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final TenantDatabase db;
  private final Clock clock;
  private final SignedWebhookPoster poster;
  private final PlanCatalog plans;
  private final BillingSettings settings;
  private final String apiKey;
  private final String webhookSecret;

  public SandboxStripe(TenantDatabase db, Clock clock, SignedWebhookPoster poster, PlanCatalog plans,
                       BillingSettings settings, CredentialVault vault) {
    this.db = db;
    this.clock = clock;
    this.poster = poster;
    this.plans = plans;
    this.settings = settings;
    this.apiKey = BillingConfiguration.sandboxApiKey(vault);
    this.webhookSecret = BillingConfiguration.sandboxWebhookSecret(vault);
  }

  /** An event to send once the change that caused it is committed. */
  public record PendingEvent(String type, ObjectNode object, Optional<ObjectNode> previousAttributes) {}

  /** What one event delivery got as an answer. */
  public record Delivered(String eventId, String type, int webhookStatus) {}

  boolean apiKeyMatches(String presented) {
    return presented != null && java.security.MessageDigest.isEqual(apiKey.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  static String newId(String prefix) {
    StringBuilder id = new StringBuilder(prefix).append('_');
    for (int i = 0; i < 24; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  long now() {
    return clock.instant().getEpochSecond();
  }

  ObjectNode newObject(String object, String id) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("object", object);
    o.put("created", now());
    o.put("livemode", false);
    return o;
  }

  Optional<ObjectNode> find(DSLContext tx, String id) {
    return tx.select(SANDBOX_STRIPE_OBJECTS.BODY).from(SANDBOX_STRIPE_OBJECTS).where(SANDBOX_STRIPE_OBJECTS.ID.eq(id))
        .forUpdate().fetchOptional(SANDBOX_STRIPE_OBJECTS.BODY).map(b -> (ObjectNode) JSON.readTree(b.data()));
  }

  /** Objects of one kind whose {@code field} is {@code value}, newest first. */
  List<ObjectNode> findBy(DSLContext tx, String object, String field, String value) {
    return tx.select(SANDBOX_STRIPE_OBJECTS.BODY).from(SANDBOX_STRIPE_OBJECTS)
        .where(SANDBOX_STRIPE_OBJECTS.OBJECT.eq(object))
        .and(org.jooq.impl.DSL.condition("body ->> {0} = {1}", org.jooq.impl.DSL.inline(field), org.jooq.impl.DSL.val(value)))
        .orderBy(SANDBOX_STRIPE_OBJECTS.CREATED_AT.desc(), SANDBOX_STRIPE_OBJECTS.ID.desc())
        .fetch(SANDBOX_STRIPE_OBJECTS.BODY).stream().map(b -> (ObjectNode) JSON.readTree(b.data())).toList();
  }

  void save(DSLContext tx, ObjectNode o) {
    JSONB body = JSONB.valueOf(JSON.writeValueAsString(o));
    tx.insertInto(SANDBOX_STRIPE_OBJECTS)
        .set(SANDBOX_STRIPE_OBJECTS.ID, o.path("id").asString())
        .set(SANDBOX_STRIPE_OBJECTS.OBJECT, o.path("object").asString())
        .set(SANDBOX_STRIPE_OBJECTS.BODY, body)
        .set(SANDBOX_STRIPE_OBJECTS.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .onConflict(SANDBOX_STRIPE_OBJECTS.ID).doUpdate().set(SANDBOX_STRIPE_OBJECTS.BODY, body)
        .execute();
  }

  /** A price of the sandbox account: one per paid plan (its monthly price) and the metered executions price. */
  Optional<ObjectNode> price(String id) {
    Optional<String> plan = settings.planOfPrice(id);
    boolean metered = settings.meteredPrice().filter(id::equals).isPresent();
    if (plan.isEmpty() && !metered) {
      return Optional.empty();
    }
    ObjectNode price = JSON.createObjectNode();
    price.put("id", id);
    price.put("object", "price");
    price.put("active", true);
    price.put("currency", "usd");
    price.put("livemode", false);
    price.put("type", "recurring");
    price.put("product", "prod_sandbox_" + plan.orElse("executions"));
    price.put("unit_amount", plan.flatMap(plans::plan).map(PlanCatalog.Plan::monthlyPriceCents).orElse(0));
    ObjectNode recurring = price.putObject("recurring");
    recurring.put("interval", "month");
    recurring.put("interval_count", 1);
    recurring.put("usage_type", metered ? "metered" : "licensed");
    return Optional.of(price);
  }

  /**
   * Completes an open Checkout session as if the customer paid: the subscription starts (trialing
   * when the session asked for trial days), its first invoice is paid, and Stripe's events follow.
   */
  List<PendingEvent> completeCheckout(DSLContext tx, ObjectNode session) {
    List<PendingEvent> events = new ArrayList<>();
    long now = now();
    int trialDays = session.path("_sandbox").path("trial_period_days").asInt(0);
    long periodEnd = trialDays > 0 ? now + trialDays * 86_400L : Instant.ofEpochSecond(now).atOffset(ZoneOffset.UTC).plusMonths(1).toEpochSecond();
    String customer = session.path("customer").asString();
    ObjectNode subscription = newObject("subscription", newId("sub"));
    subscription.put("customer", customer);
    subscription.put("status", trialDays > 0 ? "trialing" : "active");
    subscription.put("start_date", now);
    subscription.put("cancel_at_period_end", false);
    subscription.put("collection_method", "charge_automatically");
    subscription.put("currency", "usd");
    if (trialDays > 0) {
      subscription.put("trial_start", now);
      subscription.put("trial_end", periodEnd);
    } else {
      subscription.putNull("trial_end");
    }
    subscription.set("metadata", session.path("_sandbox").path("subscription_metadata").deepCopy());
    ObjectNode items = subscription.putObject("items");
    items.put("object", "list");
    items.put("has_more", false);
    items.put("url", "/v1/subscription_items?subscription=" + subscription.path("id").asString());
    var data = items.putArray("data");
    long amount = 0;
    for (JsonNode line : session.path("_sandbox").path("line_items")) {
      ObjectNode price = price(line.path("price").asString()).orElseThrow();
      ObjectNode item = data.addObject();
      item.put("id", newId("si"));
      item.put("object", "subscription_item");
      item.put("created", now);
      item.put("subscription", subscription.path("id").asString());
      item.set("price", price);
      if (!line.path("quantity").isMissingNode() && !line.path("quantity").isNull()) {
        item.put("quantity", line.path("quantity").asLong());
      }
      item.put("current_period_start", now);
      item.put("current_period_end", periodEnd);
      if (price.path("recurring").path("usage_type").asString().equals("licensed")) {
        amount += price.path("unit_amount").asLong() * Math.max(1, line.path("quantity").asLong(1));
      }
    }
    save(tx, subscription);
    session.put("status", "complete");
    session.put("payment_status", trialDays > 0 ? "no_payment_required" : "paid");
    session.put("subscription", subscription.path("id").asString());
    save(tx, session);
    ObjectNode invoice = invoice(customer, subscription.path("id").asString(), trialDays > 0 ? 0 : amount, now, periodEnd);
    pay(tx, invoice);
    save(tx, invoice);
    events.add(new PendingEvent("customer.subscription.created", subscription, Optional.empty()));
    events.add(new PendingEvent("checkout.session.completed", publicView(session), Optional.empty()));
    events.add(new PendingEvent("invoice.paid", invoice, Optional.empty()));
    return events;
  }

  /** Moves a subscription's item to another price (a plan change), as {@code POST /v1/subscriptions/{id}} does. */
  PendingEvent changeItemPrice(DSLContext tx, ObjectNode subscription, String itemId, ObjectNode price) {
    ObjectNode previous = JSON.createObjectNode();
    previous.set("items", subscription.path("items").deepCopy());
    for (JsonNode item : subscription.path("items").path("data")) {
      if (item.path("id").asString().equals(itemId)) {
        ((ObjectNode) item).set("price", price);
      }
    }
    save(tx, subscription);
    return new PendingEvent("customer.subscription.updated", subscription, Optional.of(previous));
  }

  PendingEvent cancel(DSLContext tx, ObjectNode subscription) {
    subscription.put("status", "canceled");
    subscription.put("canceled_at", now());
    subscription.put("ended_at", now());
    save(tx, subscription);
    return new PendingEvent("customer.subscription.deleted", subscription, Optional.empty());
  }

  /** A renewal payment fails: a new open invoice and the subscription past due. */
  List<PendingEvent> failPayment(DSLContext tx, String customer) {
    List<PendingEvent> events = new ArrayList<>();
    Optional<ObjectNode> subscription = liveSubscription(tx, customer);
    long amount = subscription.map(this::licensedAmount).orElse(4900L);
    long now = now();
    ObjectNode invoice = invoice(customer, subscription.map(s -> s.path("id").asString()).orElse(null), amount, now,
        Instant.ofEpochSecond(now).atOffset(ZoneOffset.UTC).plusMonths(1).toEpochSecond());
    invoice.put("status", "open");
    invoice.put("attempted", true);
    invoice.put("attempt_count", 1);
    invoice.put("next_payment_attempt", now + 3 * 86_400L);
    save(tx, invoice);
    events.add(new PendingEvent("invoice.payment_failed", invoice, Optional.empty()));
    subscription.ifPresent(s -> {
      ObjectNode previous = JSON.createObjectNode().put("status", s.path("status").asString());
      s.put("status", "past_due");
      save(tx, s);
      events.add(new PendingEvent("customer.subscription.updated", s, Optional.of(previous)));
    });
    return events;
  }

  /** The customer pays: the newest open invoice (or a new one) is paid and the subscription is active again. */
  List<PendingEvent> payInvoice(DSLContext tx, String customer) {
    List<PendingEvent> events = new ArrayList<>();
    Optional<ObjectNode> subscription = liveSubscription(tx, customer);
    ObjectNode invoice = findBy(tx, "invoice", "customer", customer).stream()
        .filter(i -> i.path("status").asString().equals("open")).findFirst()
        .orElseGet(() -> {
          long now = now();
          return invoice(customer, subscription.map(s -> s.path("id").asString()).orElse(null),
              subscription.map(this::licensedAmount).orElse(4900L), now,
              Instant.ofEpochSecond(now).atOffset(ZoneOffset.UTC).plusMonths(1).toEpochSecond());
        });
    pay(tx, invoice);
    save(tx, invoice);
    events.add(new PendingEvent("invoice.paid", invoice, Optional.empty()));
    subscription.filter(s -> !s.path("status").asString().equals("active")).ifPresent(s -> {
      ObjectNode previous = JSON.createObjectNode().put("status", s.path("status").asString());
      s.put("status", "active");
      save(tx, s);
      events.add(new PendingEvent("customer.subscription.updated", s, Optional.of(previous)));
    });
    return events;
  }

  /** The newest paid invoice's charge is refunded in full. */
  Optional<PendingEvent> refundLatest(DSLContext tx, String customer) {
    return findBy(tx, "invoice", "customer", customer).stream()
        .filter(i -> i.path("status").asString().equals("paid") && i.path("amount_paid").asLong() > 0)
        .findFirst()
        .map(invoice -> {
          ObjectNode charge = find(tx, invoice.path("_sandbox").path("charge").asString()).orElseThrow();
          charge.put("refunded", true);
          charge.put("amount_refunded", charge.path("amount").asLong());
          save(tx, charge);
          return new PendingEvent("charge.refunded", charge, Optional.empty());
        });
  }

  Optional<ObjectNode> liveSubscription(DSLContext tx, String customer) {
    return findBy(tx, "subscription", "customer", customer).stream()
        .filter(s -> !s.path("status").asString().equals("canceled")).findFirst();
  }

  private long licensedAmount(ObjectNode subscription) {
    long amount = 0;
    for (JsonNode item : subscription.path("items").path("data")) {
      if (item.path("price").path("recurring").path("usage_type").asString().equals("licensed")) {
        amount += item.path("price").path("unit_amount").asLong() * Math.max(1, item.path("quantity").asLong(1));
      }
    }
    return amount;
  }

  private ObjectNode invoice(String customer, String subscription, long amount, long periodStart, long periodEnd) {
    ObjectNode invoice = newObject("invoice", newId("in"));
    invoice.put("customer", customer);
    invoice.put("currency", "usd");
    invoice.put("amount_due", amount);
    invoice.put("amount_paid", 0);
    invoice.put("amount_remaining", amount);
    invoice.put("total", amount);
    invoice.put("status", "draft");
    invoice.put("billing_reason", subscription == null ? "manual" : "subscription_cycle");
    invoice.put("period_start", periodStart);
    invoice.put("period_end", periodEnd);
    invoice.put("hosted_invoice_url", poster.publicUrl("/sandbox/stripe/invoices/" + invoice.path("id").asString()));
    if (subscription != null) {
      invoice.putObject("parent").put("type", "subscription_details")
          .putObject("subscription_details").put("subscription", subscription);
    }
    return invoice;
  }

  // Paying makes a payment intent and a charge; the invoice lists the payment as Stripe's invoice payments do.
  private void pay(DSLContext tx, ObjectNode invoice) {
    long amount = invoice.path("amount_due").asLong();
    String paymentIntent = newId("pi");
    ObjectNode charge = newObject("charge", newId("ch"));
    charge.put("customer", invoice.path("customer").asString());
    charge.put("amount", amount);
    charge.put("amount_captured", amount);
    charge.put("amount_refunded", 0);
    charge.put("currency", "usd");
    charge.put("paid", true);
    charge.put("refunded", false);
    charge.put("status", "succeeded");
    charge.put("payment_intent", paymentIntent);
    save(tx, charge);
    invoice.put("status", "paid");
    invoice.put("amount_paid", amount);
    invoice.put("amount_remaining", 0);
    invoice.put("attempted", true);
    ObjectNode transitions = invoice.putObject("status_transitions");
    transitions.put("paid_at", now());
    ObjectNode payments = invoice.putObject("payments");
    payments.put("object", "list");
    payments.put("has_more", false);
    ObjectNode payment = payments.putArray("data").addObject();
    payment.put("id", newId("inpay"));
    payment.put("object", "invoice_payment");
    payment.put("status", "paid");
    payment.putObject("payment").put("type", "payment_intent").put("payment_intent", paymentIntent);
    invoice.putObject("_sandbox").put("charge", charge.path("id").asString());
  }

  /** What the API answers for a session (without the sandbox's own bookkeeping). */
  static ObjectNode publicView(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove("_sandbox");
    return copy;
  }

  /** Stores the events and sends each, in order, to {@code /hooks/stripe}, signed with the sandbox's webhook secret. */
  public List<Delivered> deliver(List<PendingEvent> events) {
    List<Delivered> delivered = new ArrayList<>();
    for (PendingEvent pending : events) {
      ObjectNode event = newObject("event", newId("evt"));
      event.put("api_version", Stripe.API_VERSION);
      event.put("type", pending.type());
      event.put("pending_webhooks", 1);
      ObjectNode data = event.putObject("data");
      data.set("object", publicView(pending.object()));
      pending.previousAttributes().ifPresent(p -> data.set("previous_attributes", p));
      event.putObject("request").putNull("id").putNull("idempotency_key");
      db.platform(tx -> {
        save(tx, event);
        return null;
      });
      delivered.add(new Delivered(event.path("id").asString(), pending.type(), send(JSON.writeValueAsString(event))));
    }
    return delivered;
  }

  /** Posts a Stripe event body to {@code /hooks/stripe}, signed now; returns the answer's status. */
  int send(String body) {
    try {
      String signature = Webhook.Signature.generateSignatureHeader(body, webhookSecret, now());
      return poster.post(poster.publicUrl("/hooks/stripe"), Map.of("Stripe-Signature", signature),
          body.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      log.warn("the sandbox could not deliver a Stripe event: {}", e.getMessage());
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
