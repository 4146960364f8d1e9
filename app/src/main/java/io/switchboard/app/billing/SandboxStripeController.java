package io.switchboard.app.billing;

import io.switchboard.app.db.PostgresErrors;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.app.security.Digests;
import io.switchboard.engine.tenancy.TenantDatabase;
import jakarta.servlet.http.HttpServletRequest;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import static io.switchboard.schema.jooq.Tables.SANDBOX_STRIPE_REQUESTS;

/**
 * The sandbox's Stripe API under {@code /sandbox/stripe}, in Stripe's wire format: bearer secret
 * key, form-encoded bodies with bracketed keys, Stripe's JSON objects and error documents, and
 * {@code Idempotency-Key} honoured (the same key answers the same response and makes nothing new; the
 * same key with other parameters is refused). The real Stripe SDK is pointed here when no Stripe key
 * is set. Also the pages a customer would see at Stripe: Checkout (completing it pays) and the portal.
 */
@RestController
public class SandboxStripeController {

  private final SandboxStripe stripe;
  private final TenantDatabase db;
  private final SignedWebhookPoster poster;

  public SandboxStripeController(SandboxStripe stripe, TenantDatabase db, SignedWebhookPoster poster) {
    this.stripe = stripe;
    this.db = db;
    this.poster = poster;
  }

  /** A request's outcome: the status and object answered, and the events it causes. */
  private record Outcome(int status, JsonNode body, List<SandboxStripe.PendingEvent> events, boolean replayed) {
    static Outcome ok(JsonNode body, List<SandboxStripe.PendingEvent> events) {
      return new Outcome(200, body, events, false);
    }
  }

  /** Thrown inside a request to answer with Stripe's error document. */
  private static final class StripeError extends RuntimeException {
    final int status;
    final String type;
    final String code;
    final String param;

    StripeError(int status, String type, String code, String param, String message) {
      super(message);
      this.status = status;
      this.type = type;
      this.code = code;
      this.param = param;
    }

    static StripeError missing(String kind, String id) {
      return new StripeError(404, "invalid_request_error", "resource_missing", "id", "No such " + kind + ": '" + id + "'");
    }

    static StripeError required(String param) {
      return new StripeError(400, "invalid_request_error", "parameter_missing", param, "Missing required param: " + param + ".");
    }
  }

  @PostMapping("/sandbox/stripe/v1/customers")
  public ResponseEntity<JsonNode> createCustomer(HttpServletRequest request) {
    return handle(request, (tx, p) -> {
      ObjectNode customer = stripe.newObject("customer", SandboxStripe.newId("cus"));
      customer.put("name", p.get("name"));
      customer.put("email", p.get("email"));
      customer.set("metadata", nested(p, "metadata"));
      stripe.save(tx, customer);
      return Outcome.ok(customer, List.of());
    });
  }

  @GetMapping("/sandbox/stripe/v1/customers/{id}")
  public ResponseEntity<JsonNode> customer(@PathVariable String id, HttpServletRequest request) {
    return handle(request, (tx, p) -> Outcome.ok(stripe.find(tx, id).filter(o -> o.path("object").asString().equals("customer"))
        .orElseThrow(() -> StripeError.missing("customer", id)), List.of()));
  }

  @PostMapping("/sandbox/stripe/v1/checkout/sessions")
  public ResponseEntity<JsonNode> createCheckout(HttpServletRequest request) {
    return handle(request, (tx, p) -> {
      if (!"subscription".equals(p.get("mode"))) {
        throw new StripeError(400, "invalid_request_error", "parameter_invalid_string", "mode",
            "The sandbox supports Checkout in subscription mode only.");
      }
      String customer = Optional.ofNullable(p.get("customer")).orElseThrow(() -> StripeError.required("customer"));
      stripe.find(tx, customer).orElseThrow(() -> StripeError.missing("customer", customer));
      String success = Optional.ofNullable(p.get("success_url")).orElseThrow(() -> StripeError.required("success_url"));
      ObjectNode session = stripe.newObject("checkout.session", SandboxStripe.newId("cs_test"));
      session.put("mode", "subscription");
      session.put("status", "open");
      session.put("payment_status", "unpaid");
      session.put("customer", customer);
      session.put("client_reference_id", p.get("client_reference_id"));
      session.put("success_url", success);
      session.put("cancel_url", p.get("cancel_url"));
      session.putNull("subscription");
      session.put("expires_at", stripe.now() + 86_400);
      session.put("url", poster.publicUrl("/sandbox/stripe/checkout/" + session.path("id").asString()));
      session.set("metadata", nested(p, "metadata"));
      ObjectNode sandbox = session.putObject("_sandbox");
      var lines = sandbox.putArray("line_items");
      for (int i = 0; p.containsKey("line_items[" + i + "][price]"); i++) {
        String price = p.get("line_items[" + i + "][price]");
        stripe.price(price).orElseThrow(() -> StripeError.missing("price", price));
        ObjectNode line = lines.addObject().put("price", price);
        Optional.ofNullable(p.get("line_items[" + i + "][quantity]")).ifPresent(q -> line.put("quantity", Long.parseLong(q)));
      }
      if (lines.isEmpty()) {
        throw StripeError.required("line_items");
      }
      sandbox.put("trial_period_days", Integer.parseInt(p.getOrDefault("subscription_data[trial_period_days]", "0")));
      sandbox.set("subscription_metadata", nested(p, "subscription_data[metadata]"));
      stripe.save(tx, session);
      return Outcome.ok(SandboxStripe.publicView(session), List.of());
    });
  }

  @GetMapping("/sandbox/stripe/v1/checkout/sessions/{id}")
  public ResponseEntity<JsonNode> checkout(@PathVariable String id, HttpServletRequest request) {
    return handle(request, (tx, p) -> Outcome.ok(SandboxStripe.publicView(stripe.find(tx, id)
        .filter(o -> o.path("object").asString().equals("checkout.session"))
        .orElseThrow(() -> StripeError.missing("checkout.session", id))), List.of()));
  }

  @PostMapping("/sandbox/stripe/v1/billing_portal/sessions")
  public ResponseEntity<JsonNode> createPortal(HttpServletRequest request) {
    return handle(request, (tx, p) -> {
      String customer = Optional.ofNullable(p.get("customer")).orElseThrow(() -> StripeError.required("customer"));
      stripe.find(tx, customer).orElseThrow(() -> StripeError.missing("customer", customer));
      ObjectNode session = stripe.newObject("billing_portal.session", SandboxStripe.newId("bps"));
      session.put("customer", customer);
      session.put("return_url", p.get("return_url"));
      session.put("url", poster.publicUrl("/sandbox/stripe/portal/" + session.path("id").asString()));
      stripe.save(tx, session);
      return Outcome.ok(session, List.of());
    });
  }

  @GetMapping("/sandbox/stripe/v1/subscriptions/{id}")
  public ResponseEntity<JsonNode> subscription(@PathVariable String id, HttpServletRequest request) {
    return handle(request, (tx, p) -> Outcome.ok(subscription(tx, id), List.of()));
  }

  @PostMapping("/sandbox/stripe/v1/subscriptions/{id}")
  public ResponseEntity<JsonNode> updateSubscription(@PathVariable String id, HttpServletRequest request) {
    return handle(request, (tx, p) -> {
      ObjectNode subscription = subscription(tx, id);
      if (subscription.path("status").asString().equals("canceled")) {
        throw new StripeError(400, "invalid_request_error", "resource_missing", null,
            "A canceled subscription can only update its cancellation_details and metadata.");
      }
      List<SandboxStripe.PendingEvent> events = new ArrayList<>();
      for (int i = 0; p.containsKey("items[" + i + "][id]"); i++) {
        String item = p.get("items[" + i + "][id]");
        String priceId = Optional.ofNullable(p.get("items[" + i + "][price]")).orElseThrow(() -> StripeError.required("items[0][price]"));
        boolean known = false;
        for (JsonNode existing : subscription.path("items").path("data")) {
          known |= existing.path("id").asString().equals(item);
        }
        if (!known) {
          throw StripeError.missing("subscription_item", item);
        }
        ObjectNode price = stripe.price(priceId).orElseThrow(() -> StripeError.missing("price", priceId));
        events.add(stripe.changeItemPrice(tx, subscription, item, price));
      }
      return Outcome.ok(subscription, events);
    });
  }

  @DeleteMapping("/sandbox/stripe/v1/subscriptions/{id}")
  public ResponseEntity<JsonNode> cancelSubscription(@PathVariable String id, HttpServletRequest request) {
    return handle(request, (tx, p) -> {
      ObjectNode subscription = subscription(tx, id);
      if (subscription.path("status").asString().equals("canceled")) {
        return Outcome.ok(subscription, List.of());
      }
      SandboxStripe.PendingEvent deleted = stripe.cancel(tx, subscription);
      return Outcome.ok(subscription, List.of(deleted));
    });
  }

  @PostMapping("/sandbox/stripe/v1/billing/meter_events")
  public ResponseEntity<JsonNode> meterEvent(HttpServletRequest request) {
    return handle(request, (tx, p) -> {
      String name = Optional.ofNullable(p.get("event_name")).orElseThrow(() -> StripeError.required("event_name"));
      String customer = Optional.ofNullable(p.get("payload[stripe_customer_id]"))
          .orElseThrow(() -> StripeError.required("payload[stripe_customer_id]"));
      stripe.find(tx, customer).orElseThrow(() -> StripeError.missing("customer", customer));
      String identifier = p.getOrDefault("identifier", SandboxStripe.newId("mtr"));
      if (!stripe.findBy(tx, "billing.meter_event", "identifier", identifier).isEmpty()) {
        throw new StripeError(400, "invalid_request_error", "meter_event_duplicate_identifier", "identifier",
            "A meter event with identifier '" + identifier + "' already exists.");
      }
      ObjectNode event = stripe.newObject("billing.meter_event", "mtrevt_" + identifier);
      event.put("event_name", name);
      event.put("identifier", identifier);
      event.put("timestamp", Long.parseLong(p.getOrDefault("timestamp", Long.toString(stripe.now()))));
      event.set("payload", nested(p, "payload"));
      stripe.save(tx, event);
      return Outcome.ok(event, List.of());
    });
  }

  /** Stripe's hosted Checkout page, as the sandbox shows it: one button that pays. */
  @GetMapping(path = "/sandbox/stripe/checkout/{id}", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> checkoutPage(@PathVariable String id) {
    Optional<ObjectNode> session = db.platform(tx -> stripe.find(tx, id))
        .filter(o -> o.path("object").asString().equals("checkout.session"));
    if (session.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).body(page("Checkout not found",
          "<p>This checkout link is not valid. Start again from Switchboard's billing page.</p>"));
    }
    if (!session.get().path("status").asString().equals("open")) {
      return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page("Checkout complete",
          "<p>This checkout is already complete.</p>"));
    }
    int trial = session.get().path("_sandbox").path("trial_period_days").asInt(0);
    return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page("Sandbox checkout",
        "<p>This is the sandbox's stand-in for Stripe Checkout: no card is needed and nothing is charged.</p>"
            + (trial > 0 ? "<p>The subscription starts with a " + trial + "-day trial.</p>" : "")
            + "<form method=\"post\"><button type=\"submit\">Subscribe</button></form>"));
  }

  /** Completing the sandbox Checkout: the subscription starts, the signed events are sent, and the browser goes back. */
  @PostMapping("/sandbox/stripe/checkout/{id}")
  public ResponseEntity<String> completeCheckout(@PathVariable String id) {
    List<SandboxStripe.PendingEvent> events = db.platform(tx -> {
      ObjectNode session = stripe.find(tx, id).filter(o -> o.path("object").asString().equals("checkout.session"))
          .orElse(null);
      if (session == null || !session.path("status").asString().equals("open")) {
        return null;
      }
      return stripe.completeCheckout(tx, session);
    });
    if (events == null) {
      return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.TEXT_HTML).body(page("Checkout not open",
          "<p>This checkout is complete already, or does not exist.</p>"));
    }
    stripe.deliver(events);
    String success = events.stream().filter(e -> e.type().equals("checkout.session.completed")).findFirst()
        .map(e -> e.object().path("success_url").asString()).orElse("/");
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(success)).build();
  }

  @GetMapping(path = "/sandbox/stripe/portal/{id}", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> portalPage(@PathVariable String id) {
    Optional<ObjectNode> session = db.platform(tx -> stripe.find(tx, id))
        .filter(o -> o.path("object").asString().equals("billing_portal.session"));
    if (session.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).body(page("Portal not found",
          "<p>This billing portal link is not valid.</p>"));
    }
    String back = session.get().path("return_url").asString("/");
    return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page("Sandbox billing portal",
        "<p>This is the sandbox's stand-in for Stripe's customer portal. Payment methods and invoices are simulated; "
            + "use the sandbox's simulate actions to make a payment fail or succeed.</p><p><a href=\""
            + HtmlUtils.htmlEscape(back) + "\">Back to Switchboard</a></p>"));
  }

  @GetMapping(path = "/sandbox/stripe/invoices/{id}", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> invoicePage(@PathVariable String id) {
    Optional<ObjectNode> invoice = db.platform(tx -> stripe.find(tx, id))
        .filter(o -> o.path("object").asString().equals("invoice"));
    return invoice.map(i -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page("Sandbox invoice",
            "<p>Invoice " + HtmlUtils.htmlEscape(id) + ": " + String.format(java.util.Locale.US, "%.2f",
                i.path("amount_due").asLong() / 100.0) + " USD, " + HtmlUtils.htmlEscape(i.path("status").asString())
                + ".</p>")))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
            .body(page("Invoice not found", "<p>No such invoice.</p>")));
  }

  private ObjectNode subscription(DSLContext tx, String id) {
    return stripe.find(tx, id).filter(o -> o.path("object").asString().equals("subscription"))
        .orElseThrow(() -> StripeError.missing("subscription", id));
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
        + title + "</h1>" + body + "</body></html>";
  }

  // Authenticates, runs the request once per idempotency key in one transaction, answers, then sends its events.
  private ResponseEntity<JsonNode> handle(HttpServletRequest request,
                                          java.util.function.BiFunction<DSLContext, Map<String, String>, Outcome> work) {
    String auth = Optional.ofNullable(request.getHeader("Authorization")).orElse("");
    if (!auth.startsWith("Bearer ") || !stripe.apiKeyMatches(auth.substring(7).strip())) {
      return error(new StripeError(401, "invalid_request_error", null, null,
          "Invalid API Key provided. The sandbox accepts only its own key."));
    }
    Map<String, String> params = new TreeMap<>();
    request.getParameterMap().forEach((k, v) -> params.put(k, v.length == 0 ? "" : v[0]));
    String key = request.getHeader("Idempotency-Key");
    boolean mutating = !request.getMethod().equals("GET");
    String fingerprint = request.getMethod() + " " + request.getRequestURI() + " " + Digests.sha256Hex(params.toString());
    Function<DSLContext, Object> run = tx -> {
      if (mutating && key != null && !key.isBlank()) {
        var earlier = tx.selectFrom(SANDBOX_STRIPE_REQUESTS).where(SANDBOX_STRIPE_REQUESTS.IDEMPOTENCY_KEY.eq(key)).fetchOne();
        if (earlier != null) {
          if (!earlier.getMethodPath().equals(fingerprint)) {
            throw new StripeError(400, "idempotency_error", null, null, "Keys for idempotent requests can only be used "
                + "with the same parameters they were first used with. Try using a key other than '" + key
                + "' if you meant to execute a different request.");
          }
          return new Outcome(earlier.getStatus(), SandboxStripe.JSON.readTree(earlier.getResponse().data()), List.of(), true);
        }
      }
      Outcome outcome = work.apply(tx, params);
      if (mutating && key != null && !key.isBlank()) {
        tx.insertInto(SANDBOX_STRIPE_REQUESTS)
            .set(SANDBOX_STRIPE_REQUESTS.IDEMPOTENCY_KEY, key)
            .set(SANDBOX_STRIPE_REQUESTS.METHOD_PATH, fingerprint)
            .set(SANDBOX_STRIPE_REQUESTS.STATUS, outcome.status())
            .set(SANDBOX_STRIPE_REQUESTS.RESPONSE, JSONB.valueOf(SandboxStripe.JSON.writeValueAsString(outcome.body())))
            .execute();
      }
      return outcome;
    };
    Outcome outcome;
    try {
      outcome = (Outcome) db.platform(run);
    } catch (StripeError e) {
      return error(e);
    } catch (RuntimeException e) {
      if (!PostgresErrors.isUniqueViolation(e)) {
        throw e;
      }
      // a concurrent request with the same key won: answer what it answered
      try {
        outcome = (Outcome) db.platform(run);
      } catch (StripeError again) {
        return error(again);
      }
    }
    stripe.deliver(outcome.events());
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(outcome.status()).contentType(MediaType.APPLICATION_JSON)
        .header("Request-Id", "req_" + SandboxStripe.newId("sb").substring(3));
    if (outcome.replayed()) {
      answer.header("Idempotent-Replayed", "true");
    }
    if (key != null) {
      answer.header("Idempotency-Key", key);
    }
    return answer.body(outcome.body());
  }

  private static ResponseEntity<JsonNode> error(StripeError e) {
    ObjectNode body = SandboxStripe.JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("type", e.type);
    error.put("message", e.getMessage());
    if (e.code != null) {
      error.put("code", e.code);
    }
    if (e.param != null) {
      error.put("param", e.param);
    }
    return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON).body(body);
  }

  /** The form parameters under {@code prefix[...]} as an object: {@code metadata[tenant_id]} → {"tenant_id": ...}. */
  private static ObjectNode nested(Map<String, String> params, String prefix) {
    ObjectNode out = SandboxStripe.JSON.createObjectNode();
    params.forEach((k, v) -> {
      if (k.startsWith(prefix + "[") && k.endsWith("]") && k.indexOf('[', prefix.length() + 1) < 0) {
        out.put(k.substring(prefix.length() + 1, k.length() - 1), v);
      }
    });
    return out;
  }
}
