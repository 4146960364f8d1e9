package io.switchboard.app.billing;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * "Simulate Stripe event": makes the sandbox Stripe account do what Stripe would (a renewal payment
 * fails, the open invoice is paid, the last payment is refunded, the subscription is cancelled) and
 * send the resulting events, genuinely signed, to {@code /hooks/stripe}. Only while the sandbox is the
 * payment provider; creates the workspace's sandbox customer when it has none yet.
 */
@RestController
public class SimulateStripeEventController {

  static final List<String> TYPES = List.of("payment_failed", "invoice_paid", "charge_refunded", "subscription_canceled");

  private final BillingSettings settings;
  private final BillingService billing;
  private final SandboxStripe sandbox;
  private final TenantDatabase db;

  public SimulateStripeEventController(BillingSettings settings, BillingService billing, SandboxStripe sandbox,
                                       TenantDatabase db) {
    this.settings = settings;
    this.billing = billing;
    this.sandbox = sandbox;
    this.db = db;
  }

  public record SimulateStripeEvent(String type) {}

  /** The events sent, each with the status /hooks/stripe answered. */
  public record Simulated(List<SandboxStripe.Delivered> events) {}

  @PostMapping("/api/v1/sandbox/simulate/stripe-event")
  public Simulated simulate(@RequestBody(required = false) SimulateStripeEvent request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "simulate billing events");
    if (!settings.sandbox()) {
      throw BillingController.sandboxOnly();
    }
    String type = request == null ? null : request.type();
    if (type == null || !TYPES.contains(type)) {
      throw ApiException.badRequest("invalid_event", "Choose the Stripe event to simulate: " + String.join(", ", TYPES) + ".");
    }
    String customer = billing.customer(user.tenantId(), user.email());
    List<SandboxStripe.PendingEvent> events = db.platform(tx -> switch (type) {
      case "payment_failed" -> sandbox.failPayment(tx, customer);
      case "invoice_paid" -> sandbox.payInvoice(tx, customer);
      case "charge_refunded" -> sandbox.refundLatest(tx, customer).map(List::of).orElseThrow(() ->
          new ApiException(org.springframework.http.HttpStatus.CONFLICT, "nothing_to_refund",
              "There is no paid invoice with an amount to refund yet."));
      case "subscription_canceled" -> sandbox.liveSubscription(tx, customer).map(s -> List.of(sandbox.cancel(tx, s)))
          .orElseThrow(() -> new ApiException(org.springframework.http.HttpStatus.CONFLICT, "no_subscription",
              "This workspace has no subscription to cancel."));
      default -> throw new IllegalStateException(type);
    });
    return new Simulated(sandbox.deliver(events));
  }
}
