package io.switchboard.app.billing;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.app.web.ApiExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/**
 * Billing as the workspace's users see it: the state and notice ({@code GET /api/v1/billing}, any
 * member), invoices and the customer portal (admins), and Checkout, plan changes and cancelling (the owner).
 */
@RestController
@RequestMapping("/api/v1/billing")
public class BillingController {

  private static final Logger log = LoggerFactory.getLogger(BillingController.class);

  private final BillingService billing;

  public BillingController(BillingService billing) {
    this.billing = billing;
  }

  public record PlanRequest(String plan) {}

  public record Redirect(String url) {}

  @GetMapping
  public BillingService.BillingView view() {
    return billing.view(CurrentUser.require().tenantId());
  }

  @GetMapping("/invoices")
  public List<BillingService.Invoice> invoices() {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "see the invoices");
    return billing.invoices(user.tenantId());
  }

  @PostMapping("/checkout")
  public Redirect checkout(@RequestBody(required = false) PlanRequest request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "start a subscription");
    return new Redirect(billing.checkout(user.tenantId(), user.email(), request == null ? null : request.plan()));
  }

  @PostMapping("/portal")
  public Redirect portal() {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "manage the payment method and invoices");
    return new Redirect(billing.portal(user.tenantId(), user.email()));
  }

  @PostMapping("/change-plan")
  public BillingService.PlanChanged changePlan(@RequestBody(required = false) PlanRequest request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "change the plan");
    return billing.changePlan(user.tenantId(), AuditLog.Actor.of(user), request == null ? null : request.plan());
  }

  @PostMapping("/cancel")
  public BillingService.PlanChanged cancel() {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "cancel the subscription");
    return billing.cancel(user.tenantId(), AuditLog.Actor.of(user));
  }

  @ExceptionHandler(BillingService.DowngradeBlocked.class)
  ResponseEntity<ProblemDetail> downgradeBlocked(BillingService.DowngradeBlocked e) {
    ResponseEntity<ProblemDetail> response = ApiExceptionHandler.respond(HttpStatus.CONFLICT, "downgrade_blocked",
        e.getMessage(), Optional.empty());
    response.getBody().setProperty("changesNeeded", e.changesNeeded());
    return response;
  }

  /** Stripe refused or could not be reached: the user learns that payment is unavailable, not Stripe's internals. */
  @ExceptionHandler(StripeGateway.Failed.class)
  ResponseEntity<ProblemDetail> stripeFailed(StripeGateway.Failed e) {
    log.warn("a Stripe call failed: {}", e.getMessage());
    return ApiExceptionHandler.respond(HttpStatus.BAD_GATEWAY, "payment_provider_unavailable",
        "The payment provider did not accept the request just now. Try again in a minute; if it keeps happening, "
            + "contact support.", Optional.empty());
  }

  static ApiException sandboxOnly() {
    return new ApiException(HttpStatus.CONFLICT, "not_sandbox",
        "Stripe events can only be simulated while the built-in sandbox is the payment provider.");
  }
}
