package io.switchboard.app.email;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.nodes.email.EmailAddresses;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Optional;

/** {@code /api/v1/tenant/outreach}: the workspace's sender address and Cal.com booking link. */
@RestController
@RequestMapping("/api/v1/tenant/outreach")
public class OutreachSettingsController {

  private final OutreachSettings settings;

  public OutreachSettingsController(OutreachSettings settings) {
    this.settings = settings;
  }

  @GetMapping
  public OutreachSettings.Values read() {
    return settings.read(CurrentUser.require().tenantId());
  }

  @PutMapping
  public OutreachSettings.Values write(@RequestBody OutreachSettings.Values values) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "change the workspace's sender address and booking link");
    String from = Optional.ofNullable(values.emailFromAddress()).map(String::strip).orElse("");
    if (!from.isEmpty() && EmailAddresses.normalise(from).isEmpty()) {
      throw ApiException.badRequest("invalid_from_address", "The sender address \"" + from + "\" is not an e-mail address.");
    }
    String name = Optional.ofNullable(values.emailFromName()).map(String::strip).orElse("");
    if (name.length() > 100 || name.contains("\n") || name.contains("\r")) {
      throw ApiException.badRequest("invalid_from_name", "The sender name must be one line of at most 100 characters.");
    }
    String link = Optional.ofNullable(values.bookingLink()).map(String::strip).orElse("");
    if (!link.isEmpty() && !isHttpsLink(link)) {
      throw ApiException.badRequest("invalid_booking_link", "The booking link must be a web address starting with "
          + "https://, such as https://cal.com/yourname/consultation.");
    }
    OutreachSettings.Values clean = new OutreachSettings.Values(EmailAddresses.normalise(from).orElse(""), name, link);
    settings.write(user.tenantId(), clean);
    return clean;
  }

  private static boolean isHttpsLink(String link) {
    try {
      URI uri = new URI(link);
      return "https".equals(uri.getScheme()) && uri.getHost() != null && link.length() <= 500;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
