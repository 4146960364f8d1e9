package io.switchboard.app.calendar;

import io.switchboard.app.providers.ProviderEventProcessor;
import io.switchboard.app.providers.ProviderEventStore;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.Admission;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.calendar.BookingTrigger;
import io.switchboard.nodes.calendar.CalcomBooking;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Cal.com booking event: starts each active workflow of the workspace whose booking trigger
 * accepts it, and hands it to executions waiting on {@code booking:<uid>} (the original booking's
 * uid for a reschedule), so reminder flows can move or cancel their reminders.
 */
@Component
public class BookingEventProcessor implements ProviderEventProcessor {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WorkflowService workflows;
  private final ExecutionRunner runner;

  public BookingEventProcessor(WorkflowService workflows, ExecutionRunner runner) {
    this.workflows = workflows;
    this.runner = runner;
  }

  @Override
  public boolean handles(String provider, String type) {
    return "calcom".equals(provider);
  }

  @Override
  public String process(ProviderEventStore.StoredEvent event) {
    ObjectNode payload = CalcomBooking.triggerPayload(event.payload());
    String kind = payload.path("event").asString();
    int started = 0;
    List<String> notStarted = new ArrayList<>();
    for (WorkflowService.Summary summary : workflows.list(event.tenant())) {
      if (summary.activeVersion().isEmpty()) {
        continue;
      }
      int version = summary.activeVersion().get();
      Optional<WorkflowGraph> graph = workflows.graph(event.tenant(), summary.id(), version);
      Optional<Node> trigger = graph.flatMap(g -> g.nodes().stream()
          .filter(n -> BookingTrigger.KEY.equals(n.type()) && !n.disabled())
          .filter(n -> JSON.treeToValue(n.config(), BookingTrigger.Config.class).accepts(kind))
          .findFirst());
      if (trigger.isPresent()) {
        try {
          ExecutionRecord queued = runner.enqueue(new ExecutionRunner.Start(event.tenant(), summary.id(), version,
              trigger.get().id(), "calcom", payload, Optional.empty(), Optional.empty()));
          runner.dispatch(queued);
          started++;
        } catch (Admission.NotAdmitted refused) {
          // recorded with its reason by the admission; trying the event again would only refuse it again
          notStarted.add("\"" + summary.name() + "\": " + refused.getMessage());
        }
      }
    }
    int resumed = CalcomBooking.knownUid(event.payload())
        .map(uid -> runner.deliver(event.tenant(), CalcomBooking.eventKey(uid), payload)).orElse(0);
    return "Booking " + kind + ": started " + started + " workflow(s), told " + resumed + " waiting execution(s)."
        + (notStarted.isEmpty() ? "" : " Not started: " + String.join(" ", notStarted));
  }
}
