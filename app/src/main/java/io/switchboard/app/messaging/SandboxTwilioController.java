package io.switchboard.app.messaging;


import io.switchboard.app.sandbox.SandboxAccounts;
import io.switchboard.app.sandbox.SandboxOutbox;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.PhoneNumbers;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sandbox's Twilio: answers the Twilio SDK at {@code /sandbox/twilio/2010-04-01/...} in
 * Twilio's wire format (Basic auth with the workspace's sandbox account, form bodies, Twilio's
 * JSON resources and error documents), records each message and call in the outbox instead of
 * sending it, and then posts the delivery callbacks Twilio would, signed with the sandbox token.
 */
@RestController
public class SandboxTwilioController {

  private static final Logger log = LoggerFactory.getLogger(SandboxTwilioController.class);
  private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final SandboxAccounts accounts;
  private final SandboxOutbox outbox;
  private final PhoneNumberDirectory numbers;
  private final SignedWebhookPoster poster;
  private final Clock clock;
  private final SandboxTwilioNumbers held;
  private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();

  public SandboxTwilioController(SandboxAccounts accounts, SandboxOutbox outbox, PhoneNumberDirectory numbers,
                                 SignedWebhookPoster poster, Clock clock, SandboxTwilioNumbers held) {
    this.held = held;
    this.accounts = accounts;
    this.outbox = outbox;
    this.numbers = numbers;
    this.poster = poster;
    this.clock = clock;
  }

  @PostMapping(path = "/sandbox/twilio/2010-04-01/Accounts/{sid}/Messages.json", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ObjectNode> createMessage(@PathVariable String sid, HttpServletRequest request) {
    Optional<TenantId> tenant = authenticate(sid, request);
    if (tenant.isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    Map<String, String> form = form(request);
    String rawTo = form.getOrDefault("To", "");
    String rawFrom = form.getOrDefault("From", "");
    boolean whatsapp = rawTo.startsWith("whatsapp:");
    Optional<String> to = PhoneNumbers.normalise(rawTo);
    if (to.isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, 21211, "The 'To' number " + rawTo + " is not a valid phone number.");
    }
    Optional<String> from = PhoneNumbers.normalise(rawFrom);
    if (from.isEmpty() || numbers.find(tenant.get(), from.get()).isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, 21606,
          "The From phone number " + rawFrom + " is not a valid, SMS-capable inbound phone number or short code for your account.");
    }
    String body = form.getOrDefault("Body", "");
    if (body.isEmpty() && !form.containsKey("MediaUrl")) {
      return error(HttpStatus.BAD_REQUEST, 21602, "Message body is required.");
    }
    if (body.length() > 1600) {
      return error(HttpStatus.BAD_REQUEST, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    String messageSid = "SM" + HexFormat.of().formatHex(randomBytes());
    outbox.record(tenant.get(), whatsapp ? "whatsapp" : "sms", from.get(), to.get(), Optional.empty(), body, messageSid,
        json(form));
    ObjectNode resource = resource(sid, messageSid, "Messages");
    resource.put("to", rawTo);
    resource.put("from", rawFrom);
    resource.put("body", body);
    resource.put("status", "queued");
    resource.put("direction", "outbound-api");
    resource.put("num_segments", String.valueOf(Math.max(1, (body.length() + 152) / 153)));
    resource.put("num_media", form.containsKey("MediaUrl") ? "1" : "0");
    resource.putNull("messaging_service_sid");
    resource.putNull("error_code");
    resource.putNull("error_message");
    resource.putNull("price");
    resource.put("price_unit", "USD");
    resource.putNull("date_sent");
    Optional.ofNullable(form.get("StatusCallback")).ifPresent(callback -> {
      String token = accounts.twilio(tenant.get()).authToken();
      callbacks.submit(() -> {
        pause();
        for (String status : new String[] {"sent", "delivered"}) {
          Map<String, String> params = new LinkedHashMap<>();
          params.put("AccountSid", sid);
          params.put("MessageSid", messageSid);
          params.put("SmsSid", messageSid);
          params.put("MessageStatus", status);
          params.put("SmsStatus", status);
          params.put("From", rawFrom);
          params.put("To", rawTo);
          params.put("ApiVersion", "2010-04-01");
          post(callback, token, params);
        }
      });
    });
    return ResponseEntity.status(HttpStatus.CREATED).body(resource);
  }

  /** The account resource: what "test connection" fetches. */
  @org.springframework.web.bind.annotation.GetMapping(path = "/sandbox/twilio/2010-04-01/Accounts/{sid}.json",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ObjectNode> account(@PathVariable String sid, HttpServletRequest request) {
    if (authenticate(sid, request).isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    ObjectNode account = JsonNodeFactory.instance.objectNode();
    account.put("sid", sid);
    account.put("friendly_name", "Switchboard sandbox");
    account.put("status", "active");
    account.put("type", "Trial");
    account.put("uri", "/2010-04-01/Accounts/" + sid + ".json");
    return ResponseEntity.ok(account);
  }

  @PostMapping(path = "/sandbox/twilio/2010-04-01/Accounts/{sid}/Calls.json", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ObjectNode> createCall(@PathVariable String sid, HttpServletRequest request) {
    Optional<TenantId> tenant = authenticate(sid, request);
    if (tenant.isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    Map<String, String> form = form(request);
    Optional<String> to = PhoneNumbers.normalise(form.getOrDefault("To", ""));
    if (to.isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, 21217, "Phone number is not a valid phone number: " + form.getOrDefault("To", ""));
    }
    Optional<String> from = PhoneNumbers.normalise(form.getOrDefault("From", ""));
    if (from.isEmpty() || numbers.find(tenant.get(), from.get()).isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, 21210, "Source phone number not verified or not owned by this account.");
    }
    if (!form.containsKey("Twiml") && !form.containsKey("Url")) {
      return error(HttpStatus.BAD_REQUEST, 21205, "Either Url or Twiml is required.");
    }
    String callSid = "CA" + HexFormat.of().formatHex(randomBytes());
    outbox.record(tenant.get(), "call", from.get(), to.get(), Optional.empty(), form.getOrDefault("Twiml", form.get("Url")),
        callSid, json(form));
    ObjectNode resource = resource(sid, callSid, "Calls");
    resource.put("to", to.get());
    resource.put("from", from.get());
    resource.put("status", "queued");
    resource.put("direction", "outbound-api");
    resource.putNull("duration");
    Optional.ofNullable(form.get("StatusCallback")).ifPresent(callback -> {
      String token = accounts.twilio(tenant.get()).authToken();
      callbacks.submit(() -> {
        pause();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", sid);
        params.put("CallSid", callSid);
        params.put("CallStatus", "completed");
        params.put("CallDuration", "12");
        params.put("Direction", "outbound-api");
        params.put("From", from.get());
        params.put("To", to.get());
        params.put("ApiVersion", "2010-04-01");
        post(callback, token, params);
      });
    });
    return ResponseEntity.status(HttpStatus.CREATED).body(resource);
  }

  /**
   * Numbers on offer: a fixed list of fictitious numbers (the 555-0100 to 555-0199 range reserved for
   * fiction) in the requested area code, else 555, less those some sandbox account holds.
   */
  @GetMapping(path = "/sandbox/twilio/2010-04-01/Accounts/{sid}/AvailablePhoneNumbers/{country}/Local.json",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ObjectNode> availableNumbers(@PathVariable String sid, @PathVariable String country,
                                                     HttpServletRequest request) {
    if (authenticate(sid, request).isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    if (!country.equals("US") && !country.equals("CA")) {
      return error(HttpStatus.NOT_FOUND, 20404, "The requested resource /2010-04-01/Accounts/" + sid
          + "/AvailablePhoneNumbers/" + country + "/Local.json was not found");
    }
    Map<String, String> query = form(request);
    String area = query.getOrDefault("AreaCode", "555");
    if (!area.matches("[2-9][0-9]{2}")) {
      return error(HttpStatus.BAD_REQUEST, 21421, "AreaCode is invalid.");
    }
    String contains = query.getOrDefault("Contains", "").replaceAll("[^0-9*]", "");
    boolean wantsNoSms = "false".equalsIgnoreCase(query.get("SmsEnabled"));
    boolean wantsNoVoice = "false".equalsIgnoreCase(query.get("VoiceEnabled"));
    int pageSize = Math.max(1, Math.min(1000, parseInt(query.get("PageSize"), 50)));
    java.util.Set<String> taken = held.held();
    tools.jackson.databind.node.ArrayNode found = JsonNodeFactory.instance.arrayNode();
    for (int line = 100; line <= 199 && found.size() < pageSize && !wantsNoSms && !wantsNoVoice; line++) {
      String national = area + "5550" + line;
      String e164 = "+1" + national;
      if (taken.contains(e164) || !national.matches(".*" + contains.replace("*", "[0-9]") + ".*")) {
        continue;
      }
      ObjectNode n = found.addObject();
      n.put("friendly_name", "(" + area + ") 555-0" + line);
      n.put("phone_number", e164);
      n.putNull("lata");
      n.put("locality", "Sandbox");
      n.putNull("rate_center");
      n.putNull("latitude");
      n.putNull("longitude");
      n.put("region", "SB");
      n.putNull("postal_code");
      n.put("iso_country", country);
      n.put("address_requirements", "none");
      n.put("beta", false);
      ObjectNode caps = n.putObject("capabilities");
      caps.put("voice", true);
      caps.put("SMS", true);
      caps.put("MMS", true);
      caps.put("fax", false);
    }
    String uri = "/2010-04-01/Accounts/" + sid + "/AvailablePhoneNumbers/" + country + "/Local.json"
        + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    ObjectNode page = JsonNodeFactory.instance.objectNode();
    page.set("available_phone_numbers", found);
    page.put("uri", uri);
    page.put("first_page_uri", uri);
    page.putNull("next_page_uri");
    page.putNull("previous_page_uri");
    page.put("page", 0);
    page.put("page_size", pageSize);
    page.put("start", 0);
    page.put("end", Math.max(0, found.size() - 1));
    return ResponseEntity.ok(page);
  }

  /** Buying a number: Twilio's form parameters in, Twilio's IncomingPhoneNumber resource out, webhook URLs kept. */
  @PostMapping(path = "/sandbox/twilio/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ObjectNode> buyNumber(@PathVariable String sid, HttpServletRequest request) {
    if (authenticate(sid, request).isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    Map<String, String> form = form(request);
    Optional<String> number = PhoneNumbers.normalise(form.getOrDefault("PhoneNumber", ""));
    if (number.isEmpty() && !form.containsKey("AreaCode")) {
      return error(HttpStatus.BAD_REQUEST, 21421, "PhoneNumber or AreaCode is required.");
    }
    if (number.isEmpty()) {
      String area = form.get("AreaCode");
      java.util.Set<String> taken = held.held();
      number = java.util.stream.IntStream.rangeClosed(100, 199).mapToObj(line -> "+1" + area + "5550" + line)
          .filter(n -> n.matches("\\+1[2-9][0-9]{2}55501[0-9]{2}") && !taken.contains(n)).findFirst();
      if (number.isEmpty()) {
        return error(HttpStatus.BAD_REQUEST, 21452, "No phone numbers found in area code " + area + ".");
      }
    }
    if (!number.get().matches("\\+1[2-9][0-9]{2}55501[0-9]{2}")) {
      return error(HttpStatus.BAD_REQUEST, 21422, "PhoneNumber " + number.get() + " is not available.");
    }
    String numberSid = "PN" + HexFormat.of().formatHex(randomBytes());
    ObjectNode resource = resource(sid, numberSid, "IncomingPhoneNumbers");
    String national = number.get().substring(2);
    resource.put("friendly_name", form.getOrDefault("FriendlyName",
        "(" + national.substring(0, 3) + ") " + national.substring(3, 6) + "-" + national.substring(6)));
    resource.put("phone_number", number.get());
    resource.put("origin", "twilio");
    resource.put("beta", false);
    resource.put("address_requirements", "none");
    resource.putNull("trunk_sid");
    resource.putNull("identity_sid");
    resource.putNull("address_sid");
    resource.putNull("bundle_sid");
    resource.putNull("voice_caller_id_lookup");
    ObjectNode caps = resource.putObject("capabilities");
    caps.put("voice", true);
    caps.put("sms", true);
    caps.put("mms", true);
    caps.put("fax", false);
    applyNumberSettings(resource, form);
    if (!held.create(sid, resource)) {
      return error(HttpStatus.BAD_REQUEST, 21422, "PhoneNumber " + number.get() + " is not available.");
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(resource);
  }

  @org.springframework.web.bind.annotation.GetMapping(
      path = "/sandbox/twilio/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{numberSid}.json",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ObjectNode> fetchNumber(@PathVariable String sid, @PathVariable String numberSid,
                                                HttpServletRequest request) {
    if (authenticate(sid, request).isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    return held.find(sid, numberSid).map(ResponseEntity::ok).orElseGet(() -> numberNotFound(sid, numberSid));
  }

  @PostMapping(path = "/sandbox/twilio/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{numberSid}.json",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ObjectNode> updateNumber(@PathVariable String sid, @PathVariable String numberSid,
                                                 HttpServletRequest request) {
    if (authenticate(sid, request).isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    Optional<ObjectNode> found = held.find(sid, numberSid);
    if (found.isEmpty()) {
      return numberNotFound(sid, numberSid);
    }
    ObjectNode resource = found.get();
    Map<String, String> form = form(request);
    Optional.ofNullable(form.get("FriendlyName")).ifPresent(name -> resource.put("friendly_name", name));
    applyNumberSettings(resource, form);
    resource.put("date_updated", RFC_2822.format(clock.instant().atOffset(ZoneOffset.UTC)));
    held.update(sid, resource);
    return ResponseEntity.ok(resource);
  }

  @org.springframework.web.bind.annotation.DeleteMapping(
      path = "/sandbox/twilio/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{numberSid}.json")
  public ResponseEntity<ObjectNode> releaseNumber(@PathVariable String sid, @PathVariable String numberSid,
                                                  HttpServletRequest request) {
    if (authenticate(sid, request).isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate");
    }
    return held.delete(sid, numberSid) ? ResponseEntity.noContent().build() : numberNotFound(sid, numberSid);
  }

  // the webhook settings Twilio keeps on a number, from its form parameter names; created with Twilio's defaults
  private static void applyNumberSettings(ObjectNode resource, Map<String, String> form) {
    String[][] settings = {{"SmsUrl", "sms_url", null}, {"SmsMethod", "sms_method", "POST"},
        {"SmsFallbackUrl", "sms_fallback_url", null}, {"SmsFallbackMethod", "sms_fallback_method", "POST"},
        {"VoiceUrl", "voice_url", null}, {"VoiceMethod", "voice_method", "POST"},
        {"VoiceFallbackUrl", "voice_fallback_url", null}, {"VoiceFallbackMethod", "voice_fallback_method", "POST"},
        {"StatusCallback", "status_callback", null}, {"StatusCallbackMethod", "status_callback_method", "POST"}};
    for (String[] s : settings) {
      if (form.containsKey(s[0])) {
        resource.put(s[1], form.get(s[0]));
      } else if (!resource.has(s[1])) {
        if (s[2] == null) {
          resource.put(s[1], "");
        } else {
          resource.put(s[1], s[2]);
        }
      }
    }
  }

  private static ResponseEntity<ObjectNode> numberNotFound(String sid, String numberSid) {
    return error(HttpStatus.NOT_FOUND, 20404, "The requested resource /2010-04-01/Accounts/" + sid
        + "/IncomingPhoneNumbers/" + numberSid + ".json was not found");
  }

  private static int parseInt(String value, int otherwise) {
    try {
      return value == null ? otherwise : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  // Twilio's callbacks come after its API answered; give the sender time to record the message id.
  private static void pause() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void post(String callback, String token, Map<String, String> params) {
    try {
      int status = poster.postTwilio(callback, token, params);
      if (status >= 300) {
        log.warn("the sandbox's delivery callback to {} was answered {}", callback, status);
      }
    } catch (Exception e) {
      log.warn("the sandbox's delivery callback to {} failed: {}", callback, e.toString());
    }
  }

  private Optional<TenantId> authenticate(String sid, HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || !decoded.substring(0, colon).equals(sid)) {
      return Optional.empty();
    }
    return SandboxAccounts.tenantOfSid(sid).filter(t -> accounts.twilioTokenMatches(t, decoded.substring(colon + 1)));
  }

  private ObjectNode resource(String accountSid, String sid, String collection) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    String now = RFC_2822.format(clock.instant().atOffset(ZoneOffset.UTC));
    r.put("sid", sid);
    r.put("account_sid", accountSid);
    r.put("api_version", "2010-04-01");
    r.put("date_created", now);
    r.put("date_updated", now);
    r.put("uri", "/2010-04-01/Accounts/" + accountSid + "/" + collection + "/" + sid + ".json");
    return r;
  }

  private static ResponseEntity<ObjectNode> error(HttpStatus status, int code, String message) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("code", code);
    e.put("message", message);
    e.put("more_info", "https://www.twilio.com/docs/errors/" + code);
    e.put("status", status.value());
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(e);
  }

  private static Map<String, String> form(HttpServletRequest request) {
    Map<String, String> form = new TreeMap<>();
    request.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
    return form;
  }

  private static ObjectNode json(Map<String, String> form) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    form.forEach(o::put);
    return o;
  }

  private static byte[] randomBytes() {
    UUID u = UUID.randomUUID();
    return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
  }
}
