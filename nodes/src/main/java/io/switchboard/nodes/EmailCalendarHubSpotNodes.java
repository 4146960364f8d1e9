package io.switchboard.nodes;

import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.calendar.BookingTrigger;
import io.switchboard.nodes.calendar.CalendarSettings;
import io.switchboard.nodes.calendar.SendBookingLink;
import io.switchboard.nodes.crm.hubspot.HubSpotApi;
import io.switchboard.nodes.crm.hubspot.HubSpotNote;
import io.switchboard.nodes.crm.hubspot.HubSpotUpsert;
import io.switchboard.nodes.email.EmailSetup;
import io.switchboard.nodes.email.SendEmail;
import io.switchboard.nodes.email.SendGridMail;
import io.switchboard.nodes.email.SmtpMail;
import io.switchboard.nodes.http.SsrfGuard;
import io.switchboard.nodes.messaging.SendMessage;

import java.net.URI;
import java.util.List;

/** The e-mail, Cal.com and HubSpot node types. */
public final class EmailCalendarHubSpotNodes {

  private EmailCalendarHubSpotNodes() {}

  /**
   * What these nodes reach the outside world through. {@code smtpGuard} decides which mail servers a
   * workspace may use (internal addresses refused unless allowed); {@code hubSpotApi} is normally
   * {@link HubSpotApi#HUBSPOT_API}.
   */
  public record Ports(ProviderNodes.Ports messaging, EmailSetup email, CalendarSettings calendar, SsrfGuard smtpGuard,
                      URI hubSpotApi) {}

  /** The adapters the nodes share (connection pools); close them with the application. */
  public record Adapters(SendGridMail sendGrid, SmtpMail smtp, HubSpotApi hubSpot) implements AutoCloseable {
    public static Adapters of(Ports ports) {
      return new Adapters(new SendGridMail(), new SmtpMail(ports.smtpGuard()), new HubSpotApi(ports.hubSpotApi()));
    }

    @Override
    public void close() throws Exception {
      sendGrid.close();
      hubSpot.close();
    }
  }

  public static List<NodeType<?>> all(Ports ports, Adapters adapters) {
    ProviderNodes.Ports m = ports.messaging();
    return List.of(
        new SendEmail(m.contacts(), m.messages(), ports.email(), adapters.sendGrid(), adapters.smtp()),
        new BookingTrigger(),
        new SendBookingLink(ports.calendar(), SendMessage.sms(m.contacts(), m.messages(), m.twilioAccounts(), m.twilio())),
        new HubSpotUpsert(adapters.hubSpot()),
        new HubSpotNote(adapters.hubSpot()));
  }
}
