package io.switchboard.nodes.crm;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workspace's numbers for the last days — new contacts, the pipeline, messages by channel,
 * undelivered messages and opt-outs, workflow runs and the most failing workflows — for reports
 * and for AI steps to reason over.
 */
public final class WorkspaceNumbers extends BasicNodeType<WorkspaceNumbers.Config> {

  public static final String KEY = "crm.stats@1";

  public record Config(
      @FieldInfo(title = "Days", help = "How many days back, up to now (default 7, at most 366).", kind = FieldKind.NUMBER)
      Integer days) {}

  private final WorkspaceStats stats;

  public WorkspaceNumbers(WorkspaceStats stats) {
    super(Config.class, describe(KEY, "Workspace numbers", "CRM",
        "Counts what happened in the last days: new contacts, pipeline stages, messages, opt-outs and workflow runs.",
        NodeKind.ACTION, Set.of(), Set.of(), Set.of()), List.of(PortSpec.of("out")));
    this.stats = stats;
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    int days = config.days() == null ? 7 : config.days();
    if (days < 1 || days > 366) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": days must be between 1 and 366.", false);
    }
    Instant to = context.clock().instant();
    WorkspaceStats.Period p = stats.read(context.tenant(), to.minus(Duration.ofDays(days)), to);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("from", p.from().toString());
    out.put("to", p.to().toString());
    out.put("days", days);
    out.put("new_contacts", p.newContacts());
    counts(out.putObject("contacts_by_stage"), p.contactsByStage());
    counts(out.putObject("messages_sent"), p.sentByChannel());
    counts(out.putObject("messages_received"), p.receivedByChannel());
    out.put("messages_undelivered", p.undelivered());
    out.put("opt_outs", p.optOuts());
    out.putObject("runs").put("succeeded", p.runsSucceeded()).put("failed", p.runsFailed());
    var failing = out.putArray("most_failing_workflows");
    p.mostFailing().forEach(f -> failing.addObject().put("workflow", f.workflow()).put("failures", f.failures()));
    return NodeResult.emit("out", out);
  }

  private static void counts(ObjectNode into, Map<String, Integer> counts) {
    counts.forEach(into::put);
  }
}
