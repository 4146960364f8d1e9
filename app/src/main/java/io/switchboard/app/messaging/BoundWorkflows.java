package io.switchboard.app.messaging;

import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.workflow.WorkflowService;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** Starts the workflow connected to a phone number when something arrives on it. */
@Component
public class BoundWorkflows {

  private final WorkflowService workflows;
  private final ExecutionRunner runner;

  public BoundWorkflows(WorkflowService workflows, ExecutionRunner runner) {
    this.workflows = workflows;
    this.runner = runner;
  }

  /**
   * Starts {@code workflowId}'s active version at its first trigger of {@code triggerType} that
   * {@code accepts}; says in plain words why not when it cannot.
   */
  public ExecutionRecord start(TenantId tenant, UUID workflowId, String triggerType, Predicate<Node> accepts,
                               String kind, JsonNode payload) throws NotStarted {
    WorkflowService.Summary summary = workflows.find(tenant, workflowId)
        .orElseThrow(() -> new NotStarted("the connected workflow no longer exists"));
    int version = summary.activeVersion().orElseThrow(() -> new NotStarted(
        "the connected workflow \"" + summary.name() + "\" is not active"));
    WorkflowGraph graph = workflows.graph(tenant, workflowId, version).orElseThrow(() -> new NotStarted(
        "the connected workflow's active version is missing"));
    Optional<Node> trigger = graph.nodes().stream().filter(n -> n.type().equals(triggerType)).filter(accepts).findFirst();
    if (trigger.isEmpty()) {
      throw new NotStarted("the connected workflow \"" + summary.name() + "\" has no trigger for this");
    }
    ExecutionRecord queued = runner.enqueue(new ExecutionRunner.Start(tenant, workflowId, version, trigger.get().id(), kind,
        payload, Optional.empty(), Optional.empty()));
    runner.dispatch(queued);
    return queued;
  }

  /** Why nothing was started. */
  public static final class NotStarted extends Exception {
    public NotStarted(String reason) {
      super(reason);
    }
  }
}
