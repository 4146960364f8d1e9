package io.switchboard.ui.executions;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.canvas.FlowCanvas;
import io.switchboard.ui.canvas.StateBadge;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.canvas.RunWatcher;
import io.switchboard.ui.canvas.StepCatalog;
import io.switchboard.ui.canvas.StepDetails;
import jakarta.annotation.security.PermitAll;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One run, inspected on the canvas of the workflow version it ran: each step's status on its node;
 * click a step to see its input, settings as used, output, port, timing and error. Cancel, resume
 * a waiting run now, or replay from a step.
 */
@Route("executions/:id")
@PermitAll
public class ExecutionView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

  private final ExecutionHistory history;
  private final ExecutionRunner runner;
  private final WorkflowService workflows;
  private final WorkflowJson json;
  private final NodeCatalog catalog;
  private final AccountPort.Workspace who;

  private final FlowCanvas canvas = new FlowCanvas();
  private final VerticalLayout side = new VerticalLayout();
  private final HorizontalLayout actions = new HorizontalLayout();
  private final Div statusHolder = new Div();
  private ExecutionHistory.ExecutionDetail detail;
  private WorkflowGraph graph;
  private String selected = "";
  private RunWatcher watcher;

  public ExecutionView(ExecutionHistory history, ExecutionRunner runner, WorkflowService workflows, WorkflowJson json,
                       NodeCatalog catalog, AccountPort accounts) {
    this.history = history;
    this.runner = runner;
    this.workflows = workflows;
    this.json = json;
    this.catalog = catalog;
    this.who = accounts.currentWorkspace().orElseThrow();
    setSizeFull();
    setPadding(false);
    setSpacing(false);
  }

  @Override
  public String getPageTitle() {
    return (detail == null ? "Run not found" : "Run of " + detail.summary().workflowName()) + " · Switchboard";
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    removeAll();
    if (watcher != null) watcher.stop();
    Optional<UUID> id = event.getRouteParameters().get("id").flatMap(ExecutionView::uuid);
    detail = id.flatMap(i -> history.get(who.tenantId(), i)).orElse(null);
    graph = detail == null ? null : workflows.graph(who.tenantId(), detail.summary().workflowId(),
        detail.summary().workflowVersion()).orElse(null);
    if (detail == null || graph == null) {
      VerticalLayout box = new VerticalLayout();
      box.setId("not-found");
      H1 heading = new H1("Run not found");
      heading.getStyle().set("font-size", "var(--lumo-font-size-xxl)");
      box.add(heading, new Paragraph("There is no run at this address in your workspace. Finished runs are kept for "
          + "a limited time, so it may have been removed."), new RouterLink("Back to executions", ExecutionsView.class));
      add(box);
      return;
    }
    build();
    show(detail);
    follow();
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    AppLayout layout = findAncestor(AppLayout.class);
    if (layout != null && graph != null) layout.setDrawerOpened(false);
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    if (watcher != null) watcher.stop();
  }

  private void build() {
    var s = detail.summary();
    H1 title = new H1("Run of " + s.workflowName());
    title.setId("execution-title");
    title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
    Span meta = new Span("version " + s.workflowVersion() + " · started by " + s.triggerKind() + " · "
        + Page.WHEN.format(s.createdAt()));
    meta.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    Button back = new Button(VaadinIcon.ARROW_LEFT.create(), e -> getUI().ifPresent(ui -> ui.navigate(ExecutionsView.class)));
    back.setAriaLabel("Back to executions");
    back.setTooltipText("Back to executions");
    back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
    // by address, so the executions package does not depend on the editor's
    com.vaadin.flow.component.html.Anchor edit = new com.vaadin.flow.component.html.Anchor(
        "workflows/" + s.workflowId(), "Open the workflow");
    statusHolder.setId("execution-status");
    HorizontalLayout header = new HorizontalLayout(back, title, statusHolder, meta, actions, edit);
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.setWidthFull();
    header.expand(meta);
    header.getStyle().set("padding", "var(--lumo-space-xs) var(--lumo-space-m)").set("flex-wrap", "wrap")
        .set("border-bottom", "1px solid var(--lumo-contrast-10pct)");

    canvas.setReadOnly(true);
    canvas.setNodeTypes(new StepCatalog(catalog).palette());
    canvas.setSizeFull();
    ObjectNode tree = json.toTree(graph);
    Map<String, List<FlowCanvas.Port>> ports = new HashMap<>();
    var source = new StepCatalog(catalog);
    for (JsonNode n : tree.path("nodes")) {
      ports.put(n.path("id").asString(), source.ports(n.path("type").asString(), n.path("config"),
          "ERROR_PORT".equals(n.path("options").path("onError").asString(""))));
    }
    canvas.setGraph((ArrayNode) tree.path("nodes"), (ArrayNode) tree.path("edges"), ports);
    canvas.onNodeSelected(id -> {
      if (!id.equals(selected)) {
        selected = id;
        renderSide();
      }
    });
    side.setWidth("360px");
    side.setHeightFull();
    side.setId("side-panel");
    side.getStyle().set("overflow-y", "auto").set("border-left", "1px solid var(--lumo-contrast-10pct)").set("flex", "none");
    Div holder = new Div(canvas);
    holder.getStyle().set("flex", "1").set("min-width", "0").set("height", "100%");
    HorizontalLayout body = new HorizontalLayout(holder, side);
    body.setSpacing(false);
    body.setWidthFull();
    body.getStyle().set("flex", "1").set("min-height", "0");
    add(header, body);
  }

  private void follow() {
    String status = detail.summary().status();
    if (status.equals("queued") || status.equals("running")) {
      watcher = RunWatcher.follow(getUI().orElseThrow(), history, who.tenantId(), detail.summary().id(), this::show);
    }
  }

  private void show(ExecutionHistory.ExecutionDetail reading) {
    detail = reading;
    statusHolder.removeAll();
    Span badge = StateBadge.of(reading.summary().status(), reading.summary().status());
    badge.setId("execution-state");
    statusHolder.add(badge);
    canvas.setStatuses(RunWatcher.statuses(reading.steps()));
    renderActions();
    renderSide();
  }

  private void renderActions() {
    actions.removeAll();
    String status = detail.summary().status();
    UUID id = detail.summary().id();
    if (List.of("queued", "running", "waiting").contains(status)) {
      Button cancel = new Button("Cancel run", VaadinIcon.CLOSE_CIRCLE.create(), e -> {
        boolean done = runner.cancel(who.tenantId(), id);
        Notification.show(done ? "The run is cancelled." : "This run had already ended; there was nothing to cancel.",
            4000, Notification.Position.TOP_CENTER);
        reload();
      });
      cancel.setId("cancel-run");
      cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
      actions.add(cancel);
    }
    if (status.equals("waiting")) {
      Button resume = new Button("Resume now", VaadinIcon.FAST_FORWARD.create(), e -> {
        runner.resumeNow(who.tenantId(), id);
        Notification.show("Its waits are over: the run goes on now.", 4000, Notification.Position.TOP_CENTER);
        reload();
      });
      resume.setId("resume-run");
      actions.add(resume);
    }
    Button replay = new Button("Replay from selected step", VaadinIcon.REFRESH.create(), e -> replay());
    replay.setId("replay-run");
    replay.setEnabled(!selected.isEmpty() && detail.steps().stream().anyMatch(s -> s.nodeId().equals(selected)));
    replay.setTooltipText("Runs the workflow again from the selected step, with the input that step had in this run.");
    actions.add(replay);
  }

  private void reload() {
    history.get(who.tenantId(), detail.summary().id()).ifPresent(this::show);
    follow();
  }

  private void replay() {
    UUID id = detail.summary().id();
    Optional<JsonNode> input = history.recordedInput(who.tenantId(), id, selected);
    if (input.isEmpty()) {
      Notification.show("That step did not run in this execution, so there is no input to replay it with.", 5000,
          Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_WARNING);
      return;
    }
    ExecutionRecord replayed = runner.replay(who.tenantId(), id, selected, input.get());
    getUI().ifPresent(ui -> ui.navigate(ExecutionView.class, new RouteParameters("id", replayed.id().toString())));
  }

  private void renderSide() {
    side.removeAll();
    renderActions();
    if (selected.isEmpty() || graph.node(selected).isEmpty()) {
      H3 heading = new H3("This run");
      heading.getStyle().set("margin", "0");
      side.add(heading, new Paragraph("Click a step on the canvas to see what it received, what it did and what it "
          + "handed on."));
      detail.summary().error().ifPresent(e -> side.add(block("Why it failed", e, true)));
      if (!detail.waitingOn().isEmpty()) {
        side.add(new Paragraph("Waiting for: " + String.join("; ", detail.waitingOn().stream().map(w -> w.reason()
            + w.dueAt().map(d -> " until " + Page.WHEN.format(d)).orElse("")
            + w.eventKey().map(k -> " (event " + k + ")").orElse("")).toList())));
      }
      side.add(block("Trigger data", detail.triggerPayload(), true));
      detail.output().ifPresent(o -> side.add(block("Result", o, false)));
      return;
    }
    String name = graph.node(selected).map(n -> n.name()).orElse(selected);
    side.add(new StepDetails(name, detail.steps().stream().filter(s -> s.nodeId().equals(selected)).toList()));
  }

  private static Details block(String label, JsonNode value, boolean opened) {
    Pre pre = new Pre(value == null || value.isNull() ? "(nothing)" : value.toPrettyString());
    pre.getStyle().set("max-height", "16em").set("overflow", "auto").set("margin", "0")
        .set("font-size", "var(--lumo-font-size-xs)").set("white-space", "pre-wrap");
    Details details = new Details(label, pre);
    details.setOpened(opened);
    details.setWidthFull();
    return details;
  }
}
