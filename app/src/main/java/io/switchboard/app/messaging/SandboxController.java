package io.switchboard.app.messaging;



import io.switchboard.app.sandbox.SandboxAccounts;
import io.switchboard.app.sandbox.SandboxOutbox;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.nodes.messaging.TwilioAccount;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sandbox as a workspace sees it: the outbox of everything "sent", and the simulations that
 * send a genuinely signed provider webhook to the real endpoint (an inbound SMS, a call that ended).
 */
@RestController
@RequestMapping("/api/v1/sandbox")
public class SandboxController {

  private final SandboxOutbox outbox;
  private final PhoneNumberDirectory numbers;
  private final TwilioAccountDirectory accounts;
  private final SignedWebhookPoster poster;
  private final SandboxTwilioNumbers bought;

  public SandboxController(SandboxOutbox outbox, PhoneNumberDirectory numbers, TwilioAccountDirectory accounts,
                           SignedWebhookPoster poster, SandboxTwilioNumbers bought) {
    this.bought = bought;
    this.outbox = outbox;
    this.numbers = numbers;
    this.accounts = accounts;
    this.poster = poster;
  }

  @GetMapping("/outbox")
  public List<SandboxOutbox.Entry> outbox(@RequestParam(name = "channel", required = false) String channel,
                                          @RequestParam(name = "limit", defaultValue = "100") int limit) {
    var user = CurrentUser.require();
    return outbox.list(user, Optional.ofNullable(channel).filter(c -> !c.isBlank()), limit);
  }

  public record SimulateMessage(String from, String to, String body, String channel) {}

  public record SimulateCall(String from, String to, Integer durationSeconds, String transcript, String summary, String intent) {}

  /** What the simulated webhook got as an answer. */
  public record Simulated(String eventId, int webhookStatus) {}

  @PostMapping("/simulate/sms")
  public Simulated simulateMessage(@RequestBody SimulateMessage request) throws Exception {
    SwitchboardUser user = CurrentUser.require();
    String from = PhoneNumbers.normalise(request.from()).orElseThrow(() -> ApiException.badRequest("invalid_number",
        "Say who the message is from, with the country code, such as +15551234567."));
    TwilioNumber to = ownNumber(user, request.to());
    if (request.body() == null || request.body().isBlank()) {
      throw ApiException.badRequest("empty_message", "Write the message to simulate.");
    }
    boolean whatsapp = "whatsapp".equals(request.channel());
    String prefix = whatsapp ? "whatsapp:" : "";
    String sid = "SM" + randomHex();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", to.account().accountSid());
    params.put("MessageSid", sid);
    params.put("SmsSid", sid);
    params.put("SmsMessageSid", sid);
    params.put("From", prefix + from);
    params.put("To", prefix + to.e164());
    params.put("Body", request.body());
    params.put("NumMedia", "0");
    params.put("NumSegments", "1");
    params.put("ApiVersion", "2010-04-01");
    // a number bought from the sandbox Twilio gets its messages where its SmsUrl says, as Twilio would deliver them
    String ours = poster.publicUrl("/hooks/twilio/sms");
    String target = !to.account().sandbox() ? ours : bought.byNumber(to.e164()).map(r -> r.path("sms_url").asString(""))
        .filter(url -> url.startsWith(poster.publicUrl("/"))).orElse(ours);
    int status = poster.postTwilio(target, to.account().authToken(), params);
    return new Simulated(sid, status);
  }

  @PostMapping("/simulate/call-ended")
  public Simulated simulateCallEnded(@RequestBody SimulateCall request) throws Exception {
    SwitchboardUser user = CurrentUser.require();
    String from = PhoneNumbers.normalise(request.from()).orElseThrow(() -> ApiException.badRequest("invalid_number",
        "Say who called, with the country code, such as +15551234567."));
    TwilioNumber to = ownNumber(user, request.to());
    String sid = "CA" + randomHex();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", to.account().accountSid());
    params.put("CallSid", sid);
    params.put("CallStatus", "completed");
    params.put("Direction", "inbound");
    params.put("From", from);
    params.put("To", to.e164());
    params.put("CallDuration", String.valueOf(request.durationSeconds() == null ? 60 : Math.max(0, request.durationSeconds())));
    params.put("ApiVersion", "2010-04-01");
    Optional.ofNullable(request.transcript()).filter(s -> !s.isBlank()).ifPresent(t -> params.put("Transcript", t));
    Optional.ofNullable(request.summary()).filter(s -> !s.isBlank()).ifPresent(t -> params.put("Summary", t));
    Optional.ofNullable(request.intent()).filter(s -> !s.isBlank()).ifPresent(t -> params.put("Intent", t));
    int status = poster.postTwilio(poster.publicUrl("/hooks/twilio/call"), to.account().authToken(), params);
    return new Simulated(sid, status);
  }

  private record TwilioNumber(String e164, TwilioAccount account) {}

  private TwilioNumber ownNumber(SwitchboardUser user, String raw) {
    String e164 = PhoneNumbers.normalise(raw).orElseThrow(() -> ApiException.badRequest("invalid_number",
        "Choose one of your numbers to send the simulation to."));
    PhoneNumberDirectory.Number number = numbers.find(user.tenantId(), e164).orElseThrow(() -> new ApiException(
        HttpStatus.BAD_REQUEST, "unknown_number", e164 + " is not one of your workspace's numbers."));
    TwilioAccount account = accounts.owner(user.tenantId(), number).orElseThrow(() -> new ApiException(
        HttpStatus.CONFLICT, "credential_missing", "The Twilio account attached to " + e164 + " was deleted."));
    return new TwilioNumber(e164, account);
  }

  private static String randomHex() {
    return UUID.randomUUID().toString().replace("-", "") ;
  }
}
