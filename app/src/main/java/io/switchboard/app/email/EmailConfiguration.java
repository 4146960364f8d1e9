package io.switchboard.app.email;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.app.sandbox.LoopbackAddress;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.nodes.EmailCalendarHubSpotNodes;
import io.switchboard.nodes.ProviderNodes;
import io.switchboard.nodes.email.TrackingTokens;
import io.switchboard.nodes.http.SsrfGuard;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.util.Arrays;

/**
 * E-mail, Cal.com and HubSpot: the ports their nodes use and the shared provider adapters.
 * {@code SWITCHBOARD_EMAIL_DAILY_LIMIT} is an account's daily limit unless its credential sets
 * {@code dailyLimit}; SendGrid's and HubSpot's API addresses can be moved for tests and proxies.
 */
@Configuration(proxyBeanMethods = false)
public class EmailConfiguration {

  @Bean
  TrackingTokens trackingTokens(CredentialVault vault) {
    return new TrackingTokens(vault.derive("email-tracking"));
  }

  @Bean
  SandboxSendGrid sandboxSendGrid(CredentialVault vault, LoopbackAddress loopback,
                                  @Value("${SWITCHBOARD_EMAIL_DAILY_LIMIT:1000}") int dailyLimit) {
    return new SandboxSendGrid(vault, loopback::base, dailyLimit);
  }

  /**
   * E-mail from Switchboard itself (invitations): {@code SWITCHBOARD_MAIL_SENDGRID_API_KEY} sends it
   * through SendGrid, from {@code SWITCHBOARD_MAIL_FROM} / {@code SWITCHBOARD_MAIL_FROM_NAME};
   * without a key it lands in the sandbox outbox of the workspace it concerns.
   */
  @Bean
  PlatformMail platformMail(EmailCalendarHubSpotNodes.Adapters adapters, SandboxSendGrid sandbox,
                            @Value("${SWITCHBOARD_MAIL_SENDGRID_API_KEY:}") String apiKey,
                            @Value("${SWITCHBOARD_SENDGRID_API_BASE:https://api.sendgrid.com}") String sendGridApi,
                            @Value("${SWITCHBOARD_MAIL_FROM:no-reply@switchboard.local}") String from,
                            @Value("${SWITCHBOARD_MAIL_FROM_NAME:Switchboard}") String fromName) {
    return new PlatformMail(adapters.sendGrid(), sandbox, apiKey, URI.create(sendGridApi), from, fromName);
  }

  @Bean
  PostgresEmailSetup emailSetup(TenantDatabase db, OutreachSettings settings, SandboxSendGrid sandbox,
                                TrackingTokens tokens, SwitchboardProperties props,
                                @Value("${SWITCHBOARD_SENDGRID_API_BASE:https://api.sendgrid.com}") String sendGridApi,
                                @Value("${SWITCHBOARD_EMAIL_DAILY_LIMIT:1000}") int dailyLimit) {
    return new PostgresEmailSetup(db, settings, sandbox, URI.create(sendGridApi), dailyLimit,
        URI.create(props.publicBaseUrl()), tokens);
  }

  @Bean
  EmailCalendarHubSpotNodes.Ports emailCalendarHubSpotPorts(ProviderNodes.Ports messaging, PostgresEmailSetup email,
                                                            OutreachSettings calendar,
                                                            @Value("${SWITCHBOARD_HTTP_ALLOWED_HOSTS:}") String allowed,
                                                            @Value("${SWITCHBOARD_HUBSPOT_API_BASE:https://api.hubapi.com}") String hubSpot) {
    return new EmailCalendarHubSpotNodes.Ports(messaging, email, calendar, new SsrfGuard(Arrays.asList(allowed.split(","))),
        URI.create(hubSpot));
  }

  @Bean(destroyMethod = "close")
  EmailCalendarHubSpotNodes.Adapters emailCalendarHubSpotAdapters(EmailCalendarHubSpotNodes.Ports ports) {
    return EmailCalendarHubSpotNodes.Adapters.of(ports);
  }
}
