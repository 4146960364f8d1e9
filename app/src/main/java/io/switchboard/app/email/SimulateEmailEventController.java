package io.switchboard.app.email;

import io.switchboard.app.sandbox.SandboxProviderKeys;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/**
 * "Simulate e-mail event": what SendGrid would report about one of the workspace's e-mails
 * (delivered, opened, clicked, bounced, spam report, unsubscribed), sent as a genuinely signed
 * Event Webhook to the real endpoint, signed with the workspace's sandbox key.
 */
@RestController
public class SimulateEmailEventController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> EVENTS = List.of("delivered", "open", "click", "bounce", "dropped", "spamreport",
      "unsubscribe", "deferred");

  private final TenantDatabase db;
  private final SandboxProviderKeys keys;
  private final SignedWebhookPoster poster;
  private final Clock clock;

  public SimulateEmailEventController(TenantDatabase db, SandboxProviderKeys keys, SignedWebhookPoster poster, Clock clock) {
    this.db = db;
    this.keys = keys;
    this.poster = poster;
    this.clock = clock;
  }

  public record SimulateEmailEvent(UUID messageId, String event, String reason, String url) {}

  public record Simulated(String eventId, int webhookStatus) {}

  @PostMapping("/api/v1/sandbox/simulate/email-event")
  public Simulated simulate(@RequestBody SimulateEmailEvent request) throws Exception {
    SwitchboardUser user = CurrentUser.require();
    if (request == null || request.event() == null || !EVENTS.contains(request.event())) {
      throw ApiException.badRequest("invalid_event", "Choose the event to simulate: " + String.join(", ", EVENTS) + ".");
    }
    var message = db.inTenant(user.tenantId(), tx -> tx.selectFrom(MESSAGES)
        .where(MESSAGES.ID.eq(request.messageId() == null ? new UUID(0, 0) : request.messageId()))
        .and(MESSAGES.CHANNEL.eq("email")).and(MESSAGES.DIRECTION.eq("outbound")).fetchOptional())
        .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "unknown_message",
            "Choose one of your workspace's sent e-mails (its message id)."));
    String eventId = "sim-" + UUID.randomUUID();
    ObjectNode event = JSON.createObjectNode();
    event.put("email", message.getToAddress());
    event.put("event", request.event());
    event.put("timestamp", clock.instant().getEpochSecond());
    event.put("sg_event_id", eventId);
    if (message.getProviderId() != null) {
      event.put("sg_message_id", message.getProviderId());
    }
    event.put("switchboard_message", message.getId().toString());
    event.put("switchboard_tenant", user.tenantId().value().toString());
    if (request.reason() != null && !request.reason().isBlank()) {
      event.put("reason", request.reason());
    }
    if ("click".equals(request.event())) {
      event.put("url", request.url() == null ? "https://example.com" : request.url());
    }
    ArrayNode batch = JSON.createArrayNode().add(event);
    byte[] body = JSON.writeValueAsBytes(batch);
    String timestamp = String.valueOf(clock.instant().getEpochSecond());
    int status = poster.post(poster.publicUrl("/hooks/sendgrid/" + user.tenantId().value()), Map.of(
        SendGridEventSignature.SIGNATURE_HEADER, keys.signSendGrid(user.tenantId(), timestamp, body),
        SendGridEventSignature.TIMESTAMP_HEADER, timestamp), body, "application/json");
    return new Simulated(eventId, status);
  }
}
