package io.switchboard.app.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.runner.RunnerSettings;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.store.PostgresExecutionStore;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.wakeup.WakeupSweeper;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.BuiltInNodes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The engine's parts, wired: node catalog, expressions, workflow service, store, runner, sweeper. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

  /** This process's name in leases and claims: host, pid and a random tail (unique per start). */
  @Bean
  RunnerIdentity runnerIdentity() {
    String host = System.getenv().getOrDefault("HOSTNAME", "node");
    return new RunnerIdentity(host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
        + UUID.randomUUID().toString().substring(0, 8));
  }

  public record RunnerIdentity(String name) {}

  /**
   * The node catalog. HTTP requests, and AI steps using a workspace's own model credential, may not
   * reach internal addresses except the hosts the platform allows ({@code SWITCHBOARD_HTTP_ALLOWED_HOSTS},
   * comma-separated names or addresses).
   */
  @Bean
  NodeCatalog nodeCatalog(@org.springframework.beans.factory.annotation.Value("${SWITCHBOARD_HTTP_ALLOWED_HOSTS:}") String allowed,
                          io.switchboard.nodes.ProviderNodes.Ports providers,
                          io.switchboard.nodes.EmailCalendarHubSpotNodes.Ports outreach,
                          io.switchboard.nodes.EmailCalendarHubSpotNodes.Adapters outreachAdapters,
                          io.switchboard.nodes.ai.AiNodes.Ports ai,
                          io.switchboard.nodes.crm.WorkspaceStats stats,
                          io.switchboard.nodes.logic.WorkspaceHours hours) {
    var guard = new io.switchboard.nodes.http.SsrfGuard(java.util.Arrays.asList(allowed.split(",")));
    var types = new java.util.ArrayList<io.switchboard.engine.spi.NodeType<?>>(BuiltInNodes.all(guard, hours));
    types.addAll(io.switchboard.nodes.ProviderNodes.all(providers));
    types.addAll(io.switchboard.nodes.EmailCalendarHubSpotNodes.all(outreach, outreachAdapters));
    types.addAll(io.switchboard.nodes.ai.AiNodes.all(ai, guard));
    types.add(new io.switchboard.nodes.crm.WorkspaceNumbers(stats));
    return new io.switchboard.nodes.catalog.ListNodeCatalog(types);
  }

  @Bean
  Expressions expressions() {
    return Expressions.withDefaults();
  }

  @Bean
  WorkflowJson workflowJson() {
    return new WorkflowJson();
  }

  @Bean
  GraphValidator graphValidator(NodeCatalog catalog, Expressions expressions) {
    return new GraphValidator(catalog, expressions::check, expressions::checkTemplate);
  }

  @Bean
  WorkflowService workflowService(TenantDatabase db, WorkflowJson json, GraphValidator validator, Clock clock) {
    return new WorkflowService(db, json, validator, clock);
  }

  @Bean
  ExecutionStore executionStore(TenantDatabase db, MeterRegistry meters) {
    return new PostgresExecutionStore(db, meters);
  }

  @Bean
  ExecutionHistory executionHistory(TenantDatabase db) {
    return new ExecutionHistory(db);
  }

  @Bean(destroyMethod = "close")
  ExecutionRunner executionRunner(ExecutionStore store, NodeCatalog catalog, Expressions expressions, Clock clock,
                                  RunnerIdentity identity, MeterRegistry meters,
                                  io.switchboard.engine.spi.CredentialResolver credentials) {
    return new ExecutionRunner(store, catalog, expressions, clock, RunnerSettings.defaults(identity.name()), meters,
        credentials);
  }

  @Bean(destroyMethod = "close")
  WakeupSweeper wakeupSweeper(ExecutionStore store, ExecutionRunner runner, Clock clock, RunnerIdentity identity,
                              SwitchboardProperties props, MeterRegistry meters) {
    WakeupSweeper sweeper = new WakeupSweeper(store, runner, clock, identity.name(), props.engine().sweepBatch(),
        props.engine().maxInFlight(), Duration.ofMinutes(2));
    io.micrometer.core.instrument.Gauge.builder("switchboard.runner.queue.depth", sweeper, WakeupSweeper::inFlight)
        .description("Resumed executions handed to this node's workers and not yet finished").register(meters);
    return sweeper;
  }
}
