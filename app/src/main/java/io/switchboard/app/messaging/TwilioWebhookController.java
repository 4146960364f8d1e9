package io.switchboard.app.messaging;

import io.switchboard.app.providers.TwilioSignatures;
import io.switchboard.app.providers.ProviderEvents;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.nodes.messaging.TwilioAccount;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Twilio's webhooks: inbound SMS and WhatsApp messages, delivery status of the messages we send,
 * and call status (a call ended). Each is checked against the signature of the account that owns
 * the number, stored raw, and processed once; a provider retry of the same event is answered but
 * not processed again. A number we do not know and a bad signature get the same answer, so
 * nobody can probe which numbers exist.
 */
@RestController
public class TwilioWebhookController {

  private static final Logger log = LoggerFactory.getLogger(TwilioWebhookController.class);
  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  private static final int MAX_PARAMS = 200;

  private final PhoneNumberDirectory numbers;
  private final TwilioAccountDirectory accounts;
  private final ProviderEvents events;
  private final SignedWebhookPoster urls;

  public TwilioWebhookController(PhoneNumberDirectory numbers, TwilioAccountDirectory accounts, ProviderEvents events,
                                 SignedWebhookPoster urls) {
    this.numbers = numbers;
    this.accounts = accounts;
    this.events = events;
    this.urls = urls;
  }

  @PostMapping(path = "/hooks/twilio/sms", produces = MediaType.APPLICATION_XML_VALUE)
  public ResponseEntity<String> inboundMessage(HttpServletRequest request) {
    return receive(request, "message", p -> p.get("To"), p -> firstOf(p, "MessageSid", "SmsSid"));
  }

  @PostMapping(path = "/hooks/twilio/status", produces = MediaType.APPLICATION_XML_VALUE)
  public ResponseEntity<String> messageStatus(HttpServletRequest request) {
    return receive(request, "status", p -> p.get("From"),
        p -> firstOf(p, "MessageSid", "SmsSid") + ":" + firstOf(p, "MessageStatus", "SmsStatus"));
  }

  @PostMapping(path = "/hooks/twilio/call", produces = MediaType.APPLICATION_XML_VALUE)
  public ResponseEntity<String> callStatus(HttpServletRequest request) {
    return receive(request, "call",
        p -> String.valueOf(p.get("Direction")).startsWith("outbound") ? p.get("From") : p.get("To"),
        p -> p.get("CallSid") + ":" + p.get("CallStatus"));
  }

  private ResponseEntity<String> receive(HttpServletRequest request, String type,
                                         java.util.function.Function<Map<String, String>, String> ourNumber,
                                         java.util.function.Function<Map<String, String>, String> eventId) {
    Map<String, String> params = params(request);
    String url = urls.publicUrl(request.getRequestURI()) + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    Optional<String> number = PhoneNumbers.normalise(ourNumber.apply(params));
    Optional<TenantId> tenant = number.flatMap(numbers::tenantOf);
    Optional<TwilioAccount> owner = tenant.flatMap(t -> numbers.find(t, number.get()).flatMap(n -> accounts.owner(t, n)));
    String signature = request.getHeader("X-Twilio-Signature");
    if (owner.isEmpty() || !TwilioSignatures.valid(owner.get().authToken(), url, params, signature)
        || (params.containsKey("AccountSid") && !owner.get().accountSid().equals(params.get("AccountSid")))) {
      log.info("refused a Twilio {} webhook: unknown number or bad signature", type);
      return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
          .body("This request is not signed by the phone provider for this number.");
    }
    String id = eventId.apply(params);
    if (id == null || id.startsWith("null")) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("The request has no message or call id.");
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(params).forEach(payload::put);
    ProviderEvents.Outcome outcome = events.receive(tenant.get(), "twilio", type, id, payload);
    log.info("Twilio {} {} for tenant {}: {}", type, id, tenant.get(), outcome);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(EMPTY_TWIML);
  }

  private static Map<String, String> params(HttpServletRequest request) {
    Map<String, String> params = new TreeMap<>();
    request.getParameterMap().forEach((k, v) -> {
      if (params.size() < MAX_PARAMS && v.length > 0) {
        params.put(k, v[0]);
      }
    });
    return params;
  }

  private static String firstOf(Map<String, String> p, String a, String b) {
    return p.containsKey(a) ? p.get(a) : p.get(b);
  }

  static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
