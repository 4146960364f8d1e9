package io.switchboard.app.templates;

import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.templates.SeedTemplates;
import io.switchboard.templates.TemplateCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.List;

/** Publishes the templates Switchboard ships into the catalog at start (new ones, and changed ones as new versions). */
@Component
@Order(20)
public class SeedTemplatePublisher implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(SeedTemplatePublisher.class);

  private final TemplateCatalog catalog;
  private final WorkflowJson workflowJson;

  public SeedTemplatePublisher(TemplateCatalog catalog, WorkflowJson workflowJson) {
    this.catalog = catalog;
    this.workflowJson = workflowJson;
  }

  @Override
  public void run(ApplicationArguments args) {
    List<String> changed = new SeedTemplates(workflowJson).publish(catalog);
    if (!changed.isEmpty()) {
      log.info("published shipped templates: {}", String.join(", ", changed));
    }
  }
}
