package io.switchboard.app.hubspot;

import io.switchboard.app.credentials.CredentialTester;
import io.switchboard.engine.spi.Credential;
import io.switchboard.nodes.EmailCalendarHubSpotNodes;
import io.switchboard.nodes.messaging.ProviderFailure;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** "Test connection" for HubSpot credentials: reads one contact with the private app's token. */
@Component
public class HubSpotCredentialTester implements CredentialTester {

  private final EmailCalendarHubSpotNodes.Adapters adapters;

  public HubSpotCredentialTester(EmailCalendarHubSpotNodes.Adapters adapters) {
    this.adapters = adapters;
  }

  @Override
  public boolean handles(String credentialType) {
    return "hubspot".equals(credentialType);
  }

  @Override
  public Result test(Credential credential) {
    Optional<String> token = credential.field("token").or(() -> credential.field("accessToken"))
        .map(String::strip).filter(s -> !s.isEmpty());
    if (token.isEmpty()) {
      return new Result(false, "This credential has no token: paste the private app's access token.");
    }
    try {
      adapters.hubSpot().check(token.get());
      return new Result(true, "HubSpot accepted the token and let it read contacts.");
    } catch (ProviderFailure e) {
      return new Result(false, e.getMessage());
    }
  }
}
