package io.switchboard.app.account;

import io.switchboard.app.email.PlatformMail;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * E-mails an invitation link to the person invited (a client's owner the superadmin added, a team
 * member an admin added) through the platform's mail; the link is still given to whoever invited
 * them, once, as before.
 */
@Component
public class InvitationMail {

  static final String KIND = "invitation";

  private final PlatformMail mail;

  public InvitationMail(PlatformMail mail) {
    this.mail = mail;
  }

  /** True when the e-mail was accepted for delivery (or recorded in the sandbox outbox). */
  public boolean send(TenantId tenant, String to, String workspace, String invitedBy, String role, String link) {
    String who = invitedBy == null || invitedBy.isBlank() ? "Switchboard" : invitedBy;
    String subject = "You're invited to " + workspace + " on Switchboard";
    String text = who + " invited you to join " + workspace + " on Switchboard as " + article(role) + " " + role + ".\n\n"
        + "Choose your password here (the link works once, for 7 days):\n" + link + "\n\n"
        + "If you did not expect this, you can ignore this e-mail.";
    String html = "<p>" + HtmlUtils.htmlEscape(who) + " invited you to join <strong>" + HtmlUtils.htmlEscape(workspace)
        + "</strong> on Switchboard as " + article(role) + " " + HtmlUtils.htmlEscape(role) + ".</p>"
        + "<p><a href=\"" + HtmlUtils.htmlEscape(link) + "\">Choose your password</a> (the link works once, for 7 days).</p>"
        + "<p>If you did not expect this, you can ignore this e-mail.</p>";
    return mail.send(tenant, KIND, to, subject, text, html);
  }

  private static String article(String role) {
    return role != null && role.matches("(?i)^[aeiou].*") ? "an" : "a";
  }
}
