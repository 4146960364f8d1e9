package io.switchboard.nodes;

import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.catalog.ListNodeCatalog;
import io.switchboard.nodes.http.HttpRequest;
import io.switchboard.nodes.http.SsrfGuard;
import io.switchboard.nodes.logic.Condition;
import io.switchboard.nodes.logic.Delay;
import io.switchboard.nodes.logic.Loop;
import io.switchboard.nodes.logic.Merge;
import io.switchboard.nodes.logic.Respond;
import io.switchboard.nodes.logic.SetFields;
import io.switchboard.nodes.logic.StopWithError;
import io.switchboard.nodes.logic.SubWorkflow;
import io.switchboard.nodes.logic.Switch;
import io.switchboard.nodes.logic.WaitForEvent;
import io.switchboard.nodes.logic.WorkspaceHours;
import io.switchboard.nodes.trigger.ManualTrigger;
import io.switchboard.nodes.trigger.ScheduleTrigger;
import io.switchboard.nodes.trigger.WebhookTrigger;

import java.util.List;

/** The node types that need no provider: triggers and logic. */
public final class BuiltInNodes {

  private BuiltInNodes() {}

  /** The built-in node types, with HTTP requests refused to internal addresses. */
  public static List<NodeType<?>> all() {
    return all(SsrfGuard.strict());
  }

  /** The built-in node types; {@code guard} decides which hosts HTTP requests may reach. */
  public static List<NodeType<?>> all(SsrfGuard guard) {
    return all(guard, WorkspaceHours.NONE);
  }

  /** As {@link #all(SsrfGuard)}; waits for business hours use the workspace's {@code hours} when a step sets none. */
  public static List<NodeType<?>> all(SsrfGuard guard, WorkspaceHours hours) {
    return List.of(new ManualTrigger(), new WebhookTrigger(), new ScheduleTrigger(), new SetFields(), new Condition(), new Switch(),
        new Merge(), new Loop(), new Delay(hours), new WaitForEvent(), new SubWorkflow(), new Respond(), new StopWithError(),
        new HttpRequest(guard));
  }

  public static NodeCatalog catalog() {
    return new ListNodeCatalog(all());
  }

  public static NodeCatalog catalog(SsrfGuard guard) {
    return new ListNodeCatalog(all(guard));
  }
}
