package io.switchboard.app.email;

import io.switchboard.app.credentials.CredentialTester;
import io.switchboard.engine.spi.Credential;
import io.switchboard.nodes.EmailCalendarHubSpotNodes;
import io.switchboard.nodes.email.EmailAccount;
import io.switchboard.nodes.email.EmailCredentials;
import io.switchboard.nodes.messaging.ProviderFailure;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * "Test connection" for e-mail credentials: a SendGrid key is asked for its permissions (it must
 * include Mail Send); an SMTP server is connected to and logged in to, sending nothing.
 */
@Component
public class EmailCredentialTester implements CredentialTester {

  private final EmailCalendarHubSpotNodes.Adapters adapters;
  private final PostgresEmailSetup setup;

  public EmailCredentialTester(EmailCalendarHubSpotNodes.Adapters adapters, PostgresEmailSetup setup) {
    this.adapters = adapters;
    this.setup = setup;
  }

  @Override
  public boolean handles(String credentialType) {
    return "sendgrid".equals(credentialType) || "smtp".equals(credentialType);
  }

  @Override
  public Result test(Credential credential) {
    try {
      EmailAccount account = EmailCredentials.account(credential, setup.sendGridApi(), setup.defaultDailyLimit());
      return switch (account) {
        case EmailAccount.SendGrid sendGrid -> {
          List<String> scopes = adapters.sendGrid().scopes(sendGrid);
          yield scopes.contains("mail.send")
              ? new Result(true, "SendGrid accepted the API key; it may send mail.")
              : new Result(false, "SendGrid accepted the API key, but it lacks the Mail Send permission.");
        }
        case EmailAccount.Smtp smtp -> {
          adapters.smtp().check(smtp);
          yield new Result(true, "Logged in to the mail server " + smtp.host() + ":" + smtp.port() + ".");
        }
      };
    } catch (EmailCredentials.Unusable e) {
      return new Result(false, "This " + e.getMessage());
    } catch (ProviderFailure e) {
      return new Result(false, e.getMessage());
    }
  }
}
