package io.switchboard.app.email;

import io.switchboard.app.sandbox.SandboxOutbox;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.email.EmailAddresses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The sandbox's SendGrid: answers the SendGrid SDK's {@code POST /v3/mail/send} under
 * {@code /sandbox/sendgrid} in SendGrid's wire format (bearer API key, the v3 JSON body, 202 with
 * {@code X-Message-Id}, SendGrid's error documents) and records the e-mail in the outbox instead of
 * sending it.
 */
@RestController
public class SandboxSendGridController {

  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SandboxSendGrid accounts;
  private final SandboxOutbox outbox;

  public SandboxSendGridController(SandboxSendGrid accounts, SandboxOutbox outbox) {
    this.accounts = accounts;
    this.outbox = outbox;
  }

  @PostMapping(path = "/sandbox/sendgrid/v3/mail/send")
  public ResponseEntity<JsonNode> send(HttpServletRequest request) throws IOException {
    String auth = Optional.ofNullable(request.getHeader("Authorization")).orElse("");
    Optional<TenantId> tenant = auth.startsWith("Bearer ") ? accounts.tenantOf(auth.substring(7).strip()) : Optional.empty();
    if (tenant.isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, "The provided authorization grant is invalid, expired, or revoked", null);
    }
    byte[] raw = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (raw.length > MAX_BODY_BYTES) {
      return error(HttpStatus.CONTENT_TOO_LARGE, "The JSON payload you have included in your request is too large.", null);
    }
    JsonNode mail;
    try {
      mail = JSON.readTree(raw);
    } catch (JacksonException e) {
      return error(HttpStatus.BAD_REQUEST, "Bad Request", null);
    }
    Optional<String> from = EmailAddresses.normalise(mail.path("from").path("email").asString(""));
    if (from.isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, "The from object must be provided for every email send. It is an object that "
          + "requires the email parameter, but may also contain a name parameter.", "from.email");
    }
    JsonNode personalization = mail.path("personalizations").path(0);
    Optional<String> to = EmailAddresses.normalise(personalization.path("to").path(0).path("email").asString(""));
    if (to.isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, "The to array is required for all personalization objects, and must have at "
          + "least one email object with a valid email address.", "personalizations.0.to");
    }
    String subject = personalization.path("subject").asString(mail.path("subject").asString(""));
    if (subject.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "The subject is required. You can get around this requirement if you use a "
          + "template with a subject defined or if every personalization has a subject defined.", "subject");
    }
    String text = null;
    String html = null;
    for (JsonNode content : mail.path("content")) {
      String value = content.path("value").asString("");
      switch (content.path("type").asString("")) {
        case "text/plain" -> text = value;
        case "text/html" -> html = value;
        default -> { }
      }
    }
    if ((text == null || text.isEmpty()) && (html == null || html.isEmpty())) {
      return error(HttpStatus.BAD_REQUEST, "Unless a valid template_id is provided, the content parameter is required. "
          + "There must be at least one defined content block.", "content");
    }
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String messageId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    outbox.record(tenant.get(), "email", from.get(), to.get(), Optional.of(subject), text != null && !text.isEmpty() ? text : html,
        messageId, mail);
    return ResponseEntity.status(HttpStatus.ACCEPTED).header("X-Message-Id", messageId).build();
  }

  // SendGrid's error document: {"errors": [{"message": ..., "field": ..., "help": null}]}
  private static ResponseEntity<JsonNode> error(HttpStatus status, String message, String field) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("message", message);
    if (field == null) {
      error.putNull("field");
    } else {
      error.put("field", field);
    }
    error.putNull("help");
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
