package io.switchboard.nodes.email;

import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.messaging.ProviderFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Sends an e-mail ({@code email.send@1}) through the workspace's SendGrid account, its own SMTP
 * server, or the sandbox. HTML and text bodies come from templates; links are click-tracked, an
 * open pixel and an unsubscribe link are added. A contact who unsubscribed is not e-mailed, and an
 * account stops at its daily limit; both refusals are kept on record with their reason. Sending is
 * done once per step attempt, even when the execution is resumed after a crash.
 */
public final class SendEmail extends BasicNodeType<SendEmail.Config> {

  public static final String KEY = "email.send@1";
  static final int MAX_SUBJECT = 998;
  static final int MAX_BODY = 1024 * 1024;

  public record Config(
      @FieldInfo(title = "To", help = "The address to e-mail, such as {{ contact.email }}.", kind = FieldKind.TEMPLATE,
          required = true, placeholder = "{{ contact.email }}") String to,
      @FieldInfo(title = "Subject", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "Thanks for your enquiry, {{ contact.first_name }}") String subject,
      @FieldInfo(title = "HTML body", help = "The e-mail as most people see it. Put %unsubscribe_url% where the "
          + "unsubscribe link goes, or one is added at the end.", kind = FieldKind.TEMPLATE) String html,
      @FieldInfo(title = "Text body", help = "The plain-text version, for mail programs that show no HTML.",
          kind = FieldKind.TEMPLATE) String text,
      @FieldInfo(title = "From address", help = "Empty: the workspace's sender address (Settings).",
          kind = FieldKind.TEXT, placeholder = "hello@yourbusiness.com") String from,
      @FieldInfo(title = "From name", help = "The name people see the e-mail come from.", kind = FieldKind.TEMPLATE,
          placeholder = "Acme Dental") String fromName,
      @FieldInfo(title = "Track opens and clicks", help = "Adds an invisible picture and routes links through "
          + "Switchboard, so opens and clicks show on the contact's timeline.", kind = FieldKind.BOOLEAN) Boolean track,
      @FieldInfo(title = "Sending account", help = "A SendGrid API key (sendgrid) or your mail server (smtp); "
          + "empty: the sandbox, which records the e-mail without sending it.", kind = FieldKind.CREDENTIAL,
          credentialType = "sendgrid,smtp") String credentialId) {
    public Config {
      track = track == null || track;
    }
  }

  private final ContactBook contacts;
  private final MessageLog messages;
  private final EmailSetup setup;
  private final SendGridMail sendGrid;
  private final SmtpMail smtp;

  public SendEmail(ContactBook contacts, MessageLog messages, EmailSetup setup, SendGridMail sendGrid, SmtpMail smtp) {
    super(Config.class, describe(KEY, "Send e-mail", "Messaging",
        "Sends an e-mail through SendGrid or your mail server (or the sandbox when none is connected).",
        NodeKind.ACTION, Set.of("to", "subject"), Set.of(), Set.of("to", "subject", "html", "text", "fromName")),
        List.of(PortSpec.of("out")));
    this.contacts = contacts;
    this.messages = messages;
    this.setup = setup;
    this.sendGrid = sendGrid;
    this.smtp = smtp;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    String step = "\"" + context.nodeName() + "\"";
    Optional<String> to = EmailAddresses.normalise(config.to());
    if (to.isEmpty()) {
      return NodeResult.fail("invalid_address", step + " can't e-mail \"" + blank(config.to())
          + "\": an e-mail address looks like name@example.com.", false);
    }
    String subject = blank(config.subject()).replaceAll("[\\r\\n]+", " ");
    if (subject.isEmpty()) {
      return NodeResult.fail("empty_subject", step + " has no subject.", false);
    }
    if (subject.length() > MAX_SUBJECT) {
      return NodeResult.fail("subject_too_long", step + ": the subject is longer than " + MAX_SUBJECT + " characters.", false);
    }
    Optional<String> html = Optional.ofNullable(config.html()).filter(s -> !s.isBlank());
    Optional<String> text = Optional.ofNullable(config.text()).filter(s -> !s.isBlank());
    if (html.isEmpty() && text.isEmpty()) {
      return NodeResult.fail("empty_message", step + " has neither an HTML nor a text body to send.", false);
    }
    if (html.map(String::length).orElse(0) + text.map(String::length).orElse(0) > MAX_BODY) {
      return NodeResult.fail("message_too_long", step + ": the e-mail is larger than 1 MB.", false);
    }
    Optional<String> configuredFrom = Optional.ofNullable(config.from()).filter(s -> !s.isBlank())
        .or(() -> setup.fromAddress(context.tenant()));
    if (configuredFrom.isEmpty()) {
      return NodeResult.fail("no_sender", step + " has no from-address: set the workspace's sender address in "
          + "Settings, or fill in From address.", false);
    }
    Optional<String> from = EmailAddresses.normalise(configuredFrom.get());
    if (from.isEmpty()) {
      return NodeResult.fail("invalid_sender", step + ": the from-address \"" + configuredFrom.get()
          + "\" is not an e-mail address.", false);
    }
    Optional<String> fromName = Optional.ofNullable(config.fromName()).map(s -> s.strip().replaceAll("[\\r\\n]+", " "))
        .filter(s -> !s.isEmpty());

    EmailAccount account;
    try {
      account = account(config.credentialId(), context);
    } catch (BadCredential bad) {
      return NodeResult.fail(bad.code, step + ": " + bad.getMessage(), false);
    }
    Optional<Contact> contact = contacts.findByEmail(context.tenant(), to.get());
    String body = text.orElseGet(html::get);
    String recipient = to.get();

    if (contact.isPresent() && contact.get().emailOptedOut()) {
      String reason = contact.get().displayName() + " (" + recipient + ") unsubscribed from e-mails; this one was not sent.";
      refuse(context, contact, account, from.get(), recipient, subject, body, reason);
      return NodeResult.fail("opted_out", reason, false);
    }
    Instant dayStart = context.clock().instant().truncatedTo(ChronoUnit.DAYS);
    long sentToday = setup.sentSince(context.tenant(), account.key(), dayStart);
    if (sentToday >= account.dailyLimit()) {
      String reason = "The sending account has reached its limit of " + account.dailyLimit() + " e-mails today (UTC); "
          + "this one to " + recipient + " was not sent. Sending resumes at "
          + dayStart.plus(1, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC).toLocalTime() + " UTC.";
      refuse(context, contact, account, from.get(), recipient, subject, body, reason);
      return NodeResult.fail("daily_limit_reached", reason, false);
    }

    boolean track = config.track();
    String sender = from.get();
    JsonNode result = context.performOnce(() -> {
      UUID messageId = messages.recordOutbound(context.tenant(),
          outbound(context, contact, account, sender, recipient, subject, body));
      try {
        TrackedContent.Result content = new TrackedContent(setup.trackingTokens(), setup.publicBaseUrl())
            .apply(context.tenant(), messageId, html, text, track);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + content.unsubscribeUrl() + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        OutgoingEmail email = new OutgoingEmail(sender, fromName, recipient, subject, content.html(), content.text(),
            headers, Map.of("switchboard_tenant", context.tenant().value().toString(),
                "switchboard_message", messageId.toString()));
        String providerId = switch (account) {
          case EmailAccount.SendGrid sg -> sendGrid.send(sg, email).messageId().orElse("");
          case EmailAccount.Smtp server -> smtp.send(server, email).messageId();
        };
        messages.update(context.tenant(), messageId, "sent", Optional.of(providerId).filter(s -> !s.isEmpty()),
            Optional.empty());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("message_id", messageId.toString());
        out.put("provider_id", providerId);
        out.put("status", "sent");
        out.put("provider", account.provider());
        out.put("from", sender);
        out.put("to", recipient);
        out.put("subject", subject);
        out.put("tracked", track);
        out.put("sandbox", account.sandbox());
        return out;
      } catch (ProviderFailure failure) {
        messages.update(context.tenant(), messageId, "failed", Optional.empty(), Optional.of(failure.getMessage()));
        throw failure;
      }
    });
    return NodeResult.emit("out", result);
  }

  private void refuse(NodeContext context, Optional<Contact> contact, EmailAccount account, String from, String to,
                      String subject, String body, String reason) {
    UUID refused = messages.recordOutbound(context.tenant(), outbound(context, contact, account, from, to, subject, body));
    messages.update(context.tenant(), refused, "refused", Optional.empty(), Optional.of(reason));
  }

  private EmailAccount account(String credentialId, NodeContext context) throws BadCredential {
    if (credentialId == null || credentialId.isBlank()) {
      return setup.sandbox(context.tenant());
    }
    UUID id;
    try {
      id = UUID.fromString(credentialId.trim());
    } catch (IllegalArgumentException e) {
      throw new BadCredential("credential_missing", "the sending account is not a stored credential; choose one.");
    }
    Credential credential = context.credential(id)
        .orElseThrow(() -> new BadCredential("credential_missing", "the sending account no longer exists; choose another one."));
    try {
      return EmailCredentials.account(credential, setup.sendGridApi(), setup.defaultDailyLimit());
    } catch (EmailCredentials.Unusable unusable) {
      throw new BadCredential(unusable.code(), unusable.getMessage());
    }
  }

  private static MessageLog.Outbound outbound(NodeContext context, Optional<Contact> contact, EmailAccount account,
                                              String from, String to, String subject, String body) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("node", context.nodeName());
    details.put("account", account.key());
    return new MessageLog.Outbound(MessageLog.Channel.EMAIL, contact.map(Contact::id), Optional.of(context.executionId()),
        from, to, Optional.of(subject), body, account.provider(), details);
  }

  private static String blank(String s) {
    return s == null ? "" : s.strip();
  }

  private static final class BadCredential extends Exception {
    private final String code;

    BadCredential(String code, String message) {
      super(message);
      this.code = code;
    }
  }
}
