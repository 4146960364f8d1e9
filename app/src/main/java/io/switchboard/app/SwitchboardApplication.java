package io.switchboard.app;

import io.switchboard.app.config.SwitchboardProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import com.vaadin.flow.spring.annotation.EnableVaadin;

import java.time.Clock;

/** Switchboard: one multi-tenant server for the automations an agency runs for its clients. */
@SpringBootApplication(scanBasePackages = {"io.switchboard.app", "io.switchboard.ui"})
@EnableConfigurationProperties(SwitchboardProperties.class)
// Routes live in the builder-ui module; Vaadin looks only in the application's package unless told.
@EnableVaadin("io.switchboard.ui")
public class SwitchboardApplication {

  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    StartupChecks.runOrExit();
    try {
      SpringApplication.run(SwitchboardApplication.class, args);
    } catch (RuntimeException e) {
      StartupChecks.explainAndExit(e);
    }
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
