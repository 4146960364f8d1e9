package io.switchboard.app.messaging;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.app.sandbox.LoopbackAddress;
import io.switchboard.app.sandbox.SandboxAccounts;
import io.switchboard.nodes.ProviderNodes;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.messaging.TwilioClients;
import io.switchboard.nodes.messaging.TwilioMessaging;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;

/** The messaging providers and the ports the provider nodes reach the workspace through. */
@Configuration
public class MessagingConfiguration {

  @Bean
  SandboxAccounts sandboxAccounts(CredentialVault vault, LoopbackAddress loopback) {
    return new SandboxAccounts(vault, loopback::base);
  }

  @Bean
  TwilioAccountDirectory twilioAccountDirectory(PhoneNumberDirectory numbers, CredentialService credentials,
                                                SandboxAccounts sandbox, SwitchboardProperties props,
                                                @Value("${SWITCHBOARD_TWILIO_API_BASE:https://api.twilio.com}") String twilioApi) {
    return new TwilioAccountDirectory(numbers, credentials, sandbox, props, URI.create(twilioApi));
  }

  /** One Twilio SDK client per account, for sending and for buying numbers alike. */
  @Bean
  TwilioClients twilioClients() {
    return new TwilioClients();
  }

  @Bean
  TwilioMessaging twilioMessaging(TwilioClients clients) {
    return new TwilioMessaging(clients);
  }

  @Bean
  ProviderNodes.Ports providerPorts(ContactBook contacts, MessageLog messages, TwilioAccountDirectory accounts,
                                    TwilioMessaging twilio) {
    return new ProviderNodes.Ports(contacts, messages, accounts, twilio);
  }
}
