package io.switchboard.app.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.billing.MeterEventCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Every call billing makes to Stripe, through the Stripe Java SDK: one {@link StripeClient} (never
 * the SDK's static globals) pointed at {@link BillingSettings#apiBase()}, and an idempotency key
 * chosen by the caller on every call that changes something, so a retry never makes a second object.
 */
@Component
public class StripeGateway {

  private final BillingSettings settings;
  private volatile StripeClient client;

  public StripeGateway(BillingSettings settings) {
    this.settings = settings;
  }

  /** A Stripe call that failed, with Stripe's own message (it carries no secret). */
  public static final class Failed extends RuntimeException {
    public Failed(String what, StripeException cause) {
      super(what + ": " + cause.getMessage(), cause);
    }
  }

  /** What billing keeps of a subscription. */
  public record SubscriptionState(String id, String status, Optional<String> planItemId, Optional<String> planPrice,
                                  Optional<Instant> periodStart, Optional<Instant> periodEnd, Optional<Instant> trialEnd) {}

  public String createCustomer(TenantId tenant, String workspaceName, String email, String idempotencyKey) {
    try {
      return client().v1().customers().create(CustomerCreateParams.builder().setName(workspaceName).setEmail(email)
          .putMetadata("tenant_id", tenant.value().toString()).build(), keyed(idempotencyKey)).getId();
    } catch (StripeException e) {
      throw new Failed("creating the Stripe customer", e);
    }
  }

  /** A Checkout session for a subscription to {@code price}; returns the page to send the user to. */
  public String createCheckout(TenantId tenant, String customer, String price, int trialDays, String successUrl,
                               String cancelUrl, String idempotencyKey) {
    SessionCreateParams.SubscriptionData.Builder subscription = SessionCreateParams.SubscriptionData.builder()
        .putMetadata("tenant_id", tenant.value().toString());
    if (trialDays > 0) {
      subscription.setTrialPeriodDays((long) trialDays);
    }
    SessionCreateParams.Builder params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
        .setCustomer(customer)
        .setClientReferenceId(tenant.value().toString())
        .setSuccessUrl(successUrl)
        .setCancelUrl(cancelUrl)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
        .setSubscriptionData(subscription.build())
        .putMetadata("tenant_id", tenant.value().toString());
    settings.meteredPrice().ifPresent(metered ->
        params.addLineItem(SessionCreateParams.LineItem.builder().setPrice(metered).build()));
    try {
      return client().v1().checkout().sessions().create(params.build(), keyed(idempotencyKey)).getUrl();
    } catch (StripeException e) {
      throw new Failed("creating the Checkout session", e);
    }
  }

  public String createPortal(String customer, String returnUrl, String idempotencyKey) {
    try {
      return client().v1().billingPortal().sessions().create(com.stripe.param.billingportal.SessionCreateParams.builder()
          .setCustomer(customer).setReturnUrl(returnUrl).build(), keyed(idempotencyKey)).getUrl();
    } catch (StripeException e) {
      throw new Failed("opening the billing portal", e);
    }
  }

  public SubscriptionState retrieveSubscription(String id) {
    try {
      return state(client().v1().subscriptions().retrieve(id, RequestOptions.builder().build()));
    } catch (StripeException e) {
      throw new Failed("reading the subscription", e);
    }
  }

  /** Moves the subscription's plan item to {@code price}, prorated; returns the subscription as Stripe answers. */
  public SubscriptionState changePrice(String subscription, String item, String price, String idempotencyKey) {
    try {
      return state(client().v1().subscriptions().update(subscription, SubscriptionUpdateParams.builder()
          .addItem(SubscriptionUpdateParams.Item.builder().setId(item).setPrice(price).build())
          .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS)
          .build(), keyed(idempotencyKey)));
    } catch (StripeException e) {
      throw new Failed("changing the subscription's plan", e);
    }
  }

  public SubscriptionState cancel(String subscription, String idempotencyKey) {
    try {
      return state(client().v1().subscriptions().cancel(subscription, keyed(idempotencyKey)));
    } catch (StripeException e) {
      throw new Failed("cancelling the subscription", e);
    }
  }

  /**
   * Reports {@code value} units on the billing meter for {@code customer} ({@code POST /v1/billing/meter_events}):
   * the {@code identifier} is Stripe's own de-duplication key for meter events, the idempotency key the request's.
   */
  public void reportUsage(String customer, long value, Instant at, String identifier, String idempotencyKey) {
    try {
      client().v1().billing().meterEvents().create(MeterEventCreateParams.builder()
          .setEventName(settings.meterEventName())
          .putPayload("stripe_customer_id", customer)
          .putPayload("value", Long.toString(value))
          .setIdentifier(identifier)
          .setTimestamp(at.getEpochSecond())
          .build(), keyed(idempotencyKey));
    } catch (StripeException e) {
      throw new Failed("reporting usage", e);
    }
  }

  private SubscriptionState state(Subscription s) {
    Optional<SubscriptionItem> planItem = s.getItems() == null ? Optional.empty() : s.getItems().getData().stream()
        .filter(i -> i.getPrice() != null && settings.planOfPrice(i.getPrice().getId()).isPresent()).findFirst();
    return new SubscriptionState(s.getId(), s.getStatus(), planItem.map(SubscriptionItem::getId),
        planItem.map(i -> i.getPrice().getId()),
        planItem.map(SubscriptionItem::getCurrentPeriodStart).map(Instant::ofEpochSecond),
        planItem.map(SubscriptionItem::getCurrentPeriodEnd).map(Instant::ofEpochSecond),
        Optional.ofNullable(s.getTrialEnd()).map(Instant::ofEpochSecond));
  }

  private static RequestOptions keyed(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  private StripeClient client() {
    StripeClient c = client;
    if (c == null) {
      c = StripeClient.builder().setApiKey(settings.apiKey()).setApiBase(settings.apiBase().get().toString())
          .setMaxNetworkRetries(2).setConnectTimeout(10_000).setReadTimeout(30_000).build();
      client = c;
    }
    return c;
  }
}
