package io.switchboard.app.messaging;

import io.switchboard.app.credentials.CredentialTester;
import io.switchboard.engine.spi.Credential;
import io.switchboard.nodes.messaging.ProviderFailure;
import io.switchboard.nodes.messaging.TwilioAccounts;
import io.switchboard.nodes.messaging.TwilioMessaging;
import org.springframework.stereotype.Component;

/** "Test connection" for Twilio credentials: fetches the account with its SID and token. */
@Component
public class TwilioCredentialTester implements CredentialTester {

  private final TwilioAccountDirectory accounts;
  private final TwilioMessaging twilio;

  public TwilioCredentialTester(TwilioAccountDirectory accounts, TwilioMessaging twilio) {
    this.accounts = accounts;
    this.twilio = twilio;
  }

  @Override
  public boolean handles(String credentialType) {
    return "twilio".equals(credentialType);
  }

  @Override
  public Result test(Credential credential) {
    try {
      TwilioMessaging.Accepted account = twilio.verify(accounts.account(credential));
      return new Result("active".equalsIgnoreCase(account.status()),
          "Twilio account \"" + account.sid() + "\" is " + account.status() + ".");
    } catch (TwilioAccounts.NoSender e) {
      return new Result(false, e.getMessage());
    } catch (ProviderFailure e) {
      return new Result(false, e.getMessage());
    }
  }
}
