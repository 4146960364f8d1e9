package io.switchboard.app.templates;

import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.templates.TemplateCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
public class TemplatesConfiguration {

  @Bean
  TemplateCatalog templateCatalog(TenantDatabase db, WorkflowJson json, Clock clock) {
    return new TemplateCatalog(db, json, clock);
  }
}
