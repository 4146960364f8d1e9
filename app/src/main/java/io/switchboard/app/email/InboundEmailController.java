package io.switchboard.app.email;

import io.switchboard.app.providers.ProviderEvents;
import io.switchboard.app.security.Digests;
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
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SendGrid Inbound Parse for one workspace: replies to its e-mails, posted as a form
 * ({@code from}, {@code to}, {@code subject}, {@code text}, {@code headers}) to the address with
 * the workspace's secret token. Each reply is stored raw under its Message-ID (the same reply
 * posted again is ignored) and processed: it lands on the sender's timeline and resumes the
 * workflows waiting for that address. A wrong token or unknown workspace gets a plain 403.
 */
@RestController
public class InboundEmailController {

  private static final Logger log = LoggerFactory.getLogger(InboundEmailController.class);
  static final int MAX_TEXT = 100_000;
  private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\r\\n]{1,250}>)");

  private final InboundEmailAddresses addresses;
  private final ProviderEvents events;

  public InboundEmailController(InboundEmailAddresses addresses, ProviderEvents events) {
    this.addresses = addresses;
    this.events = events;
  }

  public record Received(String status) {}

  @PostMapping(path = "/hooks/sendgrid/{tenantId}/inbound/{token}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> receive(@PathVariable String tenantId, @PathVariable String token, HttpServletRequest request) {
    Optional<TenantId> tenant = TenantCredentials.parse(tenantId).filter(t -> addresses.accepts(t, token));
    if (tenant.isEmpty()) {
      log.info("refused an inbound e-mail: unknown workspace or wrong address token");
      return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
          .body("This is not the inbound e-mail address of a workspace.");
    }
    String from = param(request, "from");
    if (from.isBlank()) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("The e-mail has no sender (from).");
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("from", from);
    payload.put("to", param(request, "to"));
    payload.put("subject", param(request, "subject"));
    String text = param(request, "text");
    payload.put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
    String headers = param(request, "headers");
    Matcher id = MESSAGE_ID.matcher(headers);
    String eventId = id.find() ? id.group(1) : "sha256:" + Digests.sha256Hex(from + "\n" + payload.path("subject").asString() + "\n" + text);
    payload.put("message_id", eventId);
    ProviderEvents.Outcome outcome = events.receive(tenant.get(), "sendgrid-inbound", "reply", eventId, payload);
    return ResponseEntity.ok(new Received(outcome instanceof ProviderEvents.Outcome.Duplicate ? "duplicate" : "received"));
  }

  private static String param(HttpServletRequest request, String name) {
    String v = request.getParameter(name);
    return v == null ? "" : v;
  }
}
