package io.switchboard.app.workflows;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/** Workflows' webhooks: {@link WebhookReceiver} on {@code /hooks/*}, right after the request id. */
@Configuration
public class WebhookConfiguration {

  @Bean
  WebhookReceiver webhookReceiver(TenantDatabase db, ExecutionStore store, ExecutionRunner runner,
                                  CredentialResolver credentials, Clock clock, SwitchboardProperties props,
                                  io.micrometer.core.instrument.MeterRegistry meters) {
    return new WebhookReceiver(db, store, runner, credentials, clock, props.engine().webhookRunsOrDefault(), meters);
  }

  @Bean
  FilterRegistrationBean<WebhookReceiver> webhookReceiverRegistration(WebhookReceiver receiver) {
    FilterRegistrationBean<WebhookReceiver> registration = new FilterRegistrationBean<>(receiver);
    registration.addUrlPatterns("/hooks/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after RequestIdFilter
    registration.setName("webhookReceiver");
    return registration;
  }

  /**
   * A two-part address under {@code /hooks/} that is neither a provider's webhook nor shaped like a
   * workflow's (the receiver takes those): the same answer as a workflow address nobody listens at.
   */
  @RestController
  static class UnknownWebhooks {
    @RequestMapping("/hooks/{key}/{secret}")
    void unknown() {
      throw WebhookReceiver.unknown();
    }
  }
}
