package io.switchboard.app.email;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.email.EmailAccount;
import io.switchboard.nodes.email.OutgoingEmail;
import io.switchboard.nodes.email.SendGridMail;
import io.switchboard.nodes.messaging.ProviderFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * E-mail Switchboard itself sends to people (invitation links), not a workspace's outreach: through
 * the platform's SendGrid account ({@code SWITCHBOARD_MAIL_SENDGRID_API_KEY}, from
 * {@code SWITCHBOARD_MAIL_FROM}) when one is set, else through the sandbox SendGrid, which records it
 * in the outbox of the workspace it concerns. Either way it goes through the real SDK, is never a
 * workspace message (no row in its messages, so no quota or daily limit is used), and is tagged
 * {@code switchboard_mail} so the outbox can tell it from the workspace's own e-mail.
 */
public final class PlatformMail {

  /** The custom argument naming what kind of platform e-mail it is (invitation…). */
  public static final String KIND_TAG = "switchboard_mail";

  private static final Logger log = LoggerFactory.getLogger(PlatformMail.class);

  private final SandboxSendGrid sandbox;
  private final Optional<EmailAccount.SendGrid> account;
  private final String from;
  private final String fromName;
  private final SendGridMail sendGrid;

  /** {@code sendGrid}: the application's one SendGrid client (and connection pool), shared with the e-mail steps. */
  public PlatformMail(SendGridMail sendGrid, SandboxSendGrid sandbox, String apiKey, URI sendGridApi, String from,
                      String fromName) {
    this.sendGrid = sendGrid;
    this.sandbox = sandbox;
    this.account = apiKey == null || apiKey.isBlank() ? Optional.empty()
        : Optional.of(new EmailAccount.SendGrid("platform", apiKey.strip(), sendGridApi, false, Integer.MAX_VALUE));
    this.from = from;
    this.fromName = fromName;
  }

  /** Whether mail really leaves (a platform SendGrid key is set) or lands in the sandbox outbox. */
  public boolean sandboxed() {
    return account.isEmpty();
  }

  /**
   * Sends one e-mail about {@code tenant}'s workspace; true when the provider accepted it. A refusal
   * is logged (without the body, which may hold a link's secret) and answered false: the caller
   * still has the link to pass on by hand.
   */
  public boolean send(TenantId tenant, String kind, String to, String subject, String text, String html) {
    OutgoingEmail email = new OutgoingEmail(from, Optional.of(fromName), to, subject, Optional.of(html), Optional.of(text),
        Map.of(), Map.of(KIND_TAG, kind));
    try {
      sendGrid.send(account.orElseGet(() -> sandbox.account(tenant)), email);
      return true;
    } catch (ProviderFailure e) {
      log.warn("the {} e-mail for workspace {} was not accepted: {} ({})", kind, tenant.value(), e.code(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      log.warn("the {} e-mail for workspace {} could not be sent: {}", kind, tenant.value(), e.toString());
      return false;
    }
  }
}
