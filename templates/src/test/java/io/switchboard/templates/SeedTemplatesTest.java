package io.switchboard.templates;

import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.BuiltInNodes;
import io.switchboard.nodes.ProviderNodes;
import io.switchboard.nodes.catalog.ConfigSchemas;
import io.switchboard.nodes.catalog.ListNodeCatalog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.switchboard.engine.graph.WorkflowGraph;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped template reads, validates with the node types it uses, and its inputs point at real fields. */
class SeedTemplatesTest {

  private static NodeCatalog catalog() {
    List<NodeType<?>> types = new ArrayList<>(BuiltInNodes.all());
    ProviderNodes.Ports messaging = new ProviderNodes.Ports(null, null, null, null);
    types.addAll(ProviderNodes.all(messaging));
    // only the descriptors and config schemas matter here: the ports are never called
    types.addAll(io.switchboard.nodes.EmailCalendarHubSpotNodes.all(
        new io.switchboard.nodes.EmailCalendarHubSpotNodes.Ports(messaging, null, null, null, null),
        new io.switchboard.nodes.EmailCalendarHubSpotNodes.Adapters(null, null, null)));
    types.addAll(io.switchboard.nodes.ai.AiNodes.all(new io.switchboard.nodes.ai.AiNodes.Ports(null, null,
        new io.switchboard.nodes.ai.AgentTools.Ports(null, null, null), null)));
    types.add(new io.switchboard.nodes.crm.WorkspaceNumbers(null));
    return new ListNodeCatalog(types);
  }

  @Test
  void shouldShipTemplatesThatValidateAndWhoseInputsFillRealFields() {
    NodeCatalog catalog = catalog();
    Expressions expressions = Expressions.withDefaults();
    GraphValidator validator = new GraphValidator(catalog, expressions::check, expressions::checkTemplate);
    List<SeedTemplates.Seed> seeds = new SeedTemplates(new WorkflowJson()).load();
    assertThat(seeds).isNotEmpty();
    for (SeedTemplates.Seed seed : seeds) {
      Map<String, WorkflowGraph> graphs = new LinkedHashMap<>();
      graphs.put("", seed.graph());
      for (TemplateManifest.Companion companion : seed.manifest().companions()) {
        graphs.put(companion.key() + "/", new WorkflowJson().read(companion.graph()));
      }
      graphs.forEach((prefix, graph) -> {
        List<ValidationProblem> errors = validator.validate(graph).stream()
            .filter(p -> p.severity() == ValidationProblem.Severity.ERROR).toList();
        // fields the inputs fill are empty in the template; only those may be reported missing
        assertThat(errors).as(seed.slug() + " " + prefix).allMatch(p -> p.field().isPresent() && seed.manifest().inputs().stream()
            .flatMap(i -> i.targets().stream()).anyMatch(t -> p.nodeId().map(id -> prefix + id).equals(java.util.Optional.of(t.nodeId()))
                && p.field().get().equals(t.field())));
      });
      for (TemplateManifest.Input input : seed.manifest().inputs()) {
        assertThat(input.targets()).as(seed.slug() + " " + input.key()).isNotEmpty();
        if (input.companion() != null) {
          assertThat(seed.manifest().companion(input.companion())).as(seed.slug() + " " + input.key()).isPresent();
        }
        for (TemplateManifest.Target target : input.targets()) {
          int slash = target.nodeId().indexOf('/');
          WorkflowGraph graph = graphs.get(slash < 0 ? "" : target.nodeId().substring(0, slash + 1));
          assertThat(graph).as(seed.slug() + ": input " + input.key() + " fills a workflow that is not there: " + target.nodeId())
              .isNotNull();
          Node node = graph.node(target.nodeId().substring(slash + 1)).orElseThrow(() -> new AssertionError(
              seed.slug() + ": input " + input.key() + " fills a step that is not there: " + target.nodeId()));
          var schema = ConfigSchemas.of(catalog.find(node.type()).orElseThrow().configType());
          assertThat(schema.path("properties").has(target.field())).as(seed.slug() + " " + target).isTrue();
          if (target.replace() != null) {
            assertThat(node.config().path(target.field()).asString()).as(seed.slug() + " " + target).contains(target.replace());
          }
        }
      }
    }
  }
}
