package io.switchboard.app.billing;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import io.switchboard.app.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Stripe's signed webhook, {@code POST /hooks/stripe}. The {@code Stripe-Signature} over the raw
 * body must hold for the webhook secret and its timestamp be within 300 seconds of now (checked by
 * the SDK's {@code Webhook.constructEvent}, on the application's clock); forged and stale requests
 * get a 400 problem document and change nothing. A verified event is handed to the processor, which
 * answers an event id seen before without processing it again.
 */
@RestController
public class StripeWebhookController {

  private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);
  static final int MAX_BODY_BYTES = 512 * 1024;

  private final BillingSettings settings;
  private final StripeEventProcessor processor;
  private final Clock clock;

  public StripeWebhookController(BillingSettings settings, StripeEventProcessor processor, Clock clock) {
    this.settings = settings;
    this.processor = processor;
    this.clock = clock;
  }

  /** The answer to Stripe: the event and what came of it. */
  public record Received(String eventId, String type, StripeEventProcessor.Outcome outcome) {}

  @PostMapping(path = "/hooks/stripe", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  public ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
    byte[] raw = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (raw.length > MAX_BODY_BYTES) {
      return refuse(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "The event is larger than 512 KB.");
    }
    String signature = request.getHeader("Stripe-Signature");
    if (signature == null || signature.isBlank()) {
      return refuse(HttpStatus.BAD_REQUEST, "signature_missing",
          "This request has no Stripe-Signature header, so it cannot be from Stripe.");
    }
    if (settings.webhookSecret().isEmpty()) {
      return refuse(HttpStatus.SERVICE_UNAVAILABLE, "webhook_not_configured",
          "Stripe events cannot be checked yet: set SWITCHBOARD_STRIPE_WEBHOOK_SECRET to the endpoint's signing secret.");
    }
    String payload = new String(raw, StandardCharsets.UTF_8);
    Event event;
    try {
      event = Webhook.constructEvent(payload, signature, settings.webhookSecret(),
          BillingSettings.SIGNATURE_TOLERANCE.toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      boolean stale = e.getMessage() != null && e.getMessage().contains("tolerance");
      log.info("refused a Stripe event: {}", stale ? "timestamp outside the 300 s tolerance" : "signature does not match");
      return stale
          ? refuse(HttpStatus.BAD_REQUEST, "signature_expired",
              "This Stripe event was signed more than 5 minutes ago (or in the future), so it is refused as a possible replay.")
          : refuse(HttpStatus.BAD_REQUEST, "signature_invalid",
              "The Stripe-Signature of this request does not match the webhook secret, so it is refused.");
    } catch (RuntimeException e) {
      return refuse(HttpStatus.BAD_REQUEST, "malformed_event", "The body is not a Stripe event.");
    }
    // The data object is read from the verified raw body: it does not depend on the SDK's API version.
    JsonNode object;
    try {
      object = SandboxStripe.JSON.readTree(payload).path("data").path("object");
    } catch (JacksonException e) {
      return refuse(HttpStatus.BAD_REQUEST, "malformed_event", "The body is not a Stripe event.");
    }
    if (event.getId() == null || event.getType() == null || event.getCreated() == null || !object.isObject()) {
      return refuse(HttpStatus.BAD_REQUEST, "malformed_event", "The Stripe event has no id, type, created time or object.");
    }
    StripeEventProcessor.Outcome outcome = processor.process(event.getId(), event.getType(),
        Instant.ofEpochSecond(event.getCreated()), object);
    log.info("Stripe event {} ({}): {}", event.getId(), event.getType(), outcome);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new Received(event.getId(), event.getType(), outcome));
  }

  private static ResponseEntity<?> refuse(HttpStatus status, String code, String detail) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemResponses.problem(status, code, detail));
  }
}
