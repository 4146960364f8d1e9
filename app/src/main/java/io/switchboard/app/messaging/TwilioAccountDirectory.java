package io.switchboard.app.messaging;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.sandbox.SandboxAccounts;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.messaging.TwilioAccount;
import io.switchboard.nodes.messaging.TwilioAccounts;

import java.net.URI;
import java.util.Optional;

/**
 * Who sends for a workspace: the credential chosen on the node, else the one attached to the
 * sending number, else the workspace's sandbox account (served by this application).
 */
public class TwilioAccountDirectory implements TwilioAccounts {

  private final PhoneNumberDirectory numbers;
  private final CredentialService credentials;
  private final SandboxAccounts sandbox;
  private final SwitchboardProperties props;
  private final URI twilioApi;

  public TwilioAccountDirectory(PhoneNumberDirectory numbers, CredentialService credentials, SandboxAccounts sandbox,
                                SwitchboardProperties props, URI twilioApi) {
    this.numbers = numbers;
    this.credentials = credentials;
    this.sandbox = sandbox;
    this.props = props;
    this.twilioApi = twilioApi;
  }

  @Override
  public Sender sender(TenantId tenant, MessageLog.Channel channel, Optional<String> from, Optional<Credential> credential)
      throws NoSender {
    PhoneNumberDirectory.Number number;
    if (from.isPresent()) {
      number = numbers.find(tenant, from.get()).orElseThrow(() -> new NoSender(from.get()
          + " is not one of your workspace's numbers; add it under Phone numbers, or choose another."));
    } else {
      number = numbers.list(tenant).stream().filter(n -> capable(n, channel)).findFirst()
          .orElseThrow(() -> new NoSender("Your workspace has no phone number that can send "
              + describe(channel) + " yet: add one under Phone numbers."));
    }
    if (!capable(number, channel)) {
      throw new NoSender(number.e164() + " cannot send " + describe(channel) + "; choose another number.");
    }
    if (credential.isPresent()) {
      return new Sender(account(credential.get()), number.e164());
    }
    if (number.credentialId().isPresent()) {
      Credential attached = credentials.find(tenant, number.credentialId().get())
          .filter(c -> "twilio".equals(c.type()))
          .orElseThrow(() -> new NoSender("The Twilio account attached to " + number.e164()
              + " was deleted; attach another one under Phone numbers."));
      return new Sender(account(attached), number.e164());
    }
    return new Sender(sandbox.twilio(tenant), number.e164());
  }

  /**
   * The account that owns a number: its attached credential's, or the sandbox's. Its auth token
   * signs the webhooks Twilio sends about that number. Empty when the attached credential is gone.
   */
  public Optional<TwilioAccount> owner(TenantId tenant, PhoneNumberDirectory.Number number) {
    if (number.credentialId().isEmpty()) {
      return Optional.of(sandbox.twilio(tenant));
    }
    return credentials.find(tenant, number.credentialId().get()).filter(c -> "twilio".equals(c.type())).flatMap(c -> {
      try {
        return Optional.of(account(c));
      } catch (NoSender e) {
        return Optional.empty();
      }
    });
  }

  /** The Twilio account a stored credential stands for. */
  public TwilioAccount account(Credential credential) throws NoSender {
    String sid = credential.field("accountSid").orElse("");
    String token = credential.field("authToken").orElse("");
    if (sid.isBlank() || token.isBlank()) {
      throw new NoSender("The Twilio credential \"" + credential.name() + "\" needs an accountSid and an authToken.");
    }
    return new TwilioAccount(sid.trim(), token.trim(), twilioApi, false);
  }

  @Override
  public String statusCallbackUrl(MessageLog.Channel channel) {
    return base() + (channel == MessageLog.Channel.CALL ? "/hooks/twilio/call" : "/hooks/twilio/status");
  }

  private String base() {
    String b = props.publicBaseUrl();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  private static boolean capable(PhoneNumberDirectory.Number n, MessageLog.Channel channel) {
    return switch (channel) {
      case SMS -> n.sms();
      case WHATSAPP -> n.whatsapp() || n.sms();
      case CALL -> n.voice();
      case EMAIL -> false;
    };
  }

  private static String describe(MessageLog.Channel channel) {
    return switch (channel) {
      case SMS -> "SMS";
      case WHATSAPP -> "WhatsApp messages";
      case CALL -> "calls";
      case EMAIL -> "e-mail";
    };
  }
}
