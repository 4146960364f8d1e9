package io.switchboard.app.calendar;

import io.switchboard.app.email.TenantCredentials;
import io.switchboard.app.providers.ProviderEvents;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.calendar.CalcomBooking;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A workspace's Cal.com booking webhook: {@code POST /hooks/calcom/{tenantId}}, with the secret
 * of the workspace's {@code calcom} credential ({@code webhookSecret}) set on the Cal.com webhook.
 * The {@code X-Cal-Signature-256} HMAC of the raw body must hold and the signed {@code createdAt}
 * be recent; the booking event is then stored raw (a repeat of the same event is ignored) and
 * processed: workflows starting with a booking trigger run, and executions waiting on
 * {@code booking:<uid>} hear of it. Unknown workspaces and bad signatures get the same answer.
 */
@RestController
public class CalcomWebhookController {

  private static final Logger log = LoggerFactory.getLogger(CalcomWebhookController.class);
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final Duration WINDOW = Duration.ofMinutes(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantCredentials credentials;
  private final ProviderEvents events;
  private final Clock clock;

  private final io.switchboard.app.sandbox.SandboxProviderKeys sandboxKeys;

  public CalcomWebhookController(TenantCredentials credentials, ProviderEvents events, Clock clock,
                                 io.switchboard.app.sandbox.SandboxProviderKeys sandboxKeys) {
    this.sandboxKeys = sandboxKeys;
    this.credentials = credentials;
    this.events = events;
    this.clock = clock;
  }

  @PostMapping(path = "/hooks/calcom/{tenantId}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> receive(@PathVariable String tenantId, HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.TEXT_PLAIN)
          .body("The request body is larger than 1 MB.");
    }
    String signature = request.getHeader(CalcomSignature.HEADER);
    // the workspace's Cal.com secrets, and its sandbox's (used by "simulate booking")
    Optional<TenantId> tenant = TenantCredentials.parse(tenantId).filter(t -> java.util.stream.Stream.concat(
            credentials.ofType(t, "calcom").stream().map(c -> c.field("webhookSecret")).flatMap(Optional::stream),
            java.util.stream.Stream.of(sandboxKeys.calcomSecret(t)))
        .anyMatch(secret -> CalcomSignature.valid(secret, signature, body)));
    if (tenant.isEmpty()) {
      log.info("refused a Cal.com webhook: unknown workspace or bad signature");
      return refused();
    }
    JsonNode webhook;
    try {
      webhook = JSON.readTree(body);
    } catch (JacksonException e) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("The body is not JSON.");
    }
    // Cal.com sends no timestamp header; its signed createdAt says when the event was sent
    Optional<Instant> created = createdAt(webhook);
    if (created.isEmpty() || Duration.between(created.get(), clock.instant()).abs().compareTo(WINDOW) > 0) {
      log.info("refused a Cal.com webhook for tenant {}: createdAt missing or outside the window", tenant.get());
      return refused();
    }
    if ("PING".equals(webhook.path("triggerEvent").asString(""))) {
      return ResponseEntity.ok(Map.of("received", "ping"));
    }
    Optional<String> event = CalcomBooking.event(webhook);
    Optional<String> uid = CalcomBooking.uid(webhook);
    if (event.isEmpty() || uid.isEmpty()) {
      return ResponseEntity.ok(Map.of("received", "ignored", "reason", "not a booking created, rescheduled or cancelled event"));
    }
    String eventId = webhook.path("triggerEvent").asString() + ":" + uid.get() + ":" + webhook.path("createdAt").asString();
    ProviderEvents.Outcome outcome = events.receive(tenant.get(), "calcom", event.get(), eventId, webhook);
    log.info("Cal.com {} {} for tenant {}: {}", event.get(), uid.get(), tenant.get(), outcome);
    return ResponseEntity.ok(Map.of("received", outcome instanceof ProviderEvents.Outcome.Duplicate ? "duplicate" : event.get()));
  }

  private static Optional<Instant> createdAt(JsonNode webhook) {
    try {
      return Optional.of(Instant.parse(webhook.path("createdAt").asString("")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static ResponseEntity<String> refused() {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
        .body("This request is not signed by Cal.com for this workspace, or is too old.");
  }
}
