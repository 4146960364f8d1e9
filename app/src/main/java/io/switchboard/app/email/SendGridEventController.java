package io.switchboard.app.email;

import io.switchboard.app.providers.ProviderEvents;
import io.switchboard.engine.tenancy.TenantId;
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
import java.util.Optional;

/**
 * SendGrid's signed Event Webhook for one workspace: {@code POST /hooks/sendgrid/{tenantId}}, set
 * up in the workspace's SendGrid account with the signature on; the verification key goes in the
 * workspace's {@code sendgrid} credential as {@code webhookVerificationKey}. The ECDSA signature
 * over timestamp and raw body must hold for one of its keys and the timestamp be recent; then each
 * event is stored raw under its {@code sg_event_id} (a repeated id is ignored) and processed.
 * Unknown workspaces and bad signatures get the same answer.
 */
@RestController
public class SendGridEventController {

  private static final Logger log = LoggerFactory.getLogger(SendGridEventController.class);
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
  static final int MAX_EVENTS = 2000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantCredentials credentials;
  private final ProviderEvents events;
  private final Clock clock;

  private final io.switchboard.app.sandbox.SandboxProviderKeys sandboxKeys;

  public SendGridEventController(TenantCredentials credentials, ProviderEvents events, Clock clock,
                                 io.switchboard.app.sandbox.SandboxProviderKeys sandboxKeys) {
    this.sandboxKeys = sandboxKeys;
    this.credentials = credentials;
    this.events = events;
    this.clock = clock;
  }

  /** What came of one delivery: events taken, duplicates ignored. */
  public record Received(int events, int duplicates) {}

  @PostMapping(path = "/hooks/sendgrid/{tenantId}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> receive(@PathVariable String tenantId, HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.TEXT_PLAIN)
          .body("The request body is larger than 2 MB.");
    }
    String signature = request.getHeader(SendGridEventSignature.SIGNATURE_HEADER);
    String timestamp = request.getHeader(SendGridEventSignature.TIMESTAMP_HEADER);
    // the workspace's SendGrid accounts' keys, and its sandbox's (the sandbox is its SendGrid when it has none)
    Optional<TenantId> tenant = TenantCredentials.parse(tenantId).filter(t -> java.util.stream.Stream.concat(
            credentials.ofType(t, "sendgrid").stream().map(c -> c.field("webhookVerificationKey")).flatMap(Optional::stream),
            java.util.stream.Stream.of(sandboxKeys.sendGridPublicKey(t)))
        .anyMatch(key -> SendGridEventSignature.valid(key, signature, timestamp, body, clock.instant())));
    if (tenant.isEmpty()) {
      log.info("refused a SendGrid event webhook: unknown workspace, bad signature or stale timestamp");
      return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
          .body("This request is not signed by SendGrid for this workspace, or is too old.");
    }
    JsonNode batch;
    try {
      batch = JSON.readTree(body);
    } catch (JacksonException e) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("The body is not a JSON array of events.");
    }
    if (!batch.isArray() || batch.size() > MAX_EVENTS) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
          .body("The body must be a JSON array of at most " + MAX_EVENTS + " events.");
    }
    int taken = 0;
    int duplicates = 0;
    for (JsonNode event : batch) {
      String id = event.path("sg_event_id").asString("");
      String type = event.path("event").asString("");
      if (id.isEmpty() || type.isEmpty() || id.length() > 200) {
        continue;
      }
      ProviderEvents.Outcome outcome = events.receive(tenant.get(), "sendgrid", type, id, event);
      if (outcome instanceof ProviderEvents.Outcome.Duplicate) {
        duplicates++;
      } else {
        taken++;
      }
    }
    log.info("SendGrid events for tenant {}: {} taken, {} duplicates", tenant.get(), taken, duplicates);
    return ResponseEntity.ok(new Received(taken, duplicates));
  }
}
