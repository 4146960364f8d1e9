package io.switchboard.app.email;

import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.nodes.email.EmailEvents;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The workspace's Inbound Parse address (for admins to paste into SendGrid), and "simulate e-mail
 * reply": a reply posted to that address as SendGrid's Inbound Parse posts it (multipart form).
 */
@RestController
public class InboundEmailApiController {

  private final InboundEmailAddresses addresses;
  private final SignedWebhookPoster poster;

  public InboundEmailApiController(InboundEmailAddresses addresses, SignedWebhookPoster poster) {
    this.addresses = addresses;
    this.poster = poster;
  }

  public record InboundAddress(String url, String help) {}

  public record SimulateReply(String from, String to, String subject, String text) {}

  public record Simulated(int webhookStatus) {}

  @GetMapping("/api/v1/email/inbound-address")
  public InboundAddress inboundAddress() {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "see the inbound e-mail address");
    return new InboundAddress(addresses.url(user.tenantId()), "In SendGrid, Settings → Inbound Parse: send the replies of your "
        + "reply-to domain to this address. Workflows waiting on email:<sender> then hear about each reply.");
  }

  @PostMapping("/api/v1/sandbox/simulate/email-reply")
  public Simulated simulate(@RequestBody SimulateReply r) throws Exception {
    SwitchboardUser user = CurrentUser.require();
    if (r == null || EmailEvents.address(r.from()).isEmpty()) {
      throw ApiException.badRequest("invalid_from", "Give the address the reply comes from, such as ada@example.com.");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("headers", "Message-ID: <sim-" + UUID.randomUUID() + "@sandbox.switchboard>\nFrom: " + r.from() + "\n");
    fields.put("from", r.from());
    fields.put("to", Optional.ofNullable(r.to()).orElse("replies@sandbox.switchboard"));
    fields.put("subject", Optional.ofNullable(r.subject()).orElse("Re: your e-mail"));
    fields.put("text", Optional.ofNullable(r.text()).orElse(""));
    String boundary = "----switchboard" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n"
          + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    int status = poster.post(addresses.url(user.tenantId()), Map.of(), body.toByteArray(),
        "multipart/form-data; boundary=" + boundary);
    return new Simulated(status);
  }
}
