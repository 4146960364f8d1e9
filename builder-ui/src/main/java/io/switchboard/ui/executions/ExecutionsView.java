package io.switchboard.ui.executions;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.canvas.StateBadge;
import io.switchboard.ui.workspace.WorkspacePort;
import io.switchboard.ui.canvas.StepDetails;
import jakarta.annotation.security.PermitAll;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The workspace's runs, newest first, filtered by workflow and state; each opens in the inspector. */
@Route("executions")
@PageTitle("Executions · Switchboard")
@PermitAll
public class ExecutionsView extends VerticalLayout implements BeforeEnterObserver {

  private static final DateTimeFormatter WHEN_LOCAL = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM);
  private static final List<String> STATES = List.of("queued", "running", "waiting", "succeeded", "failed", "cancelled");

  private final ExecutionHistory history;
  private final AccountPort.Workspace who;
  private final Select<WorkflowService.Summary> workflow = new Select<>();
  private final Select<String> state = new Select<>();
  private final DatePicker from = new DatePicker("From");
  private final DatePicker to = new DatePicker("To");
  private final ZoneId zone;
  private final DateTimeFormatter when;
  private final Grid<ExecutionHistory.ExecutionSummary> grid = new Grid<>();
  private final Paragraph empty = new Paragraph("No runs match. Runs appear here when a workflow starts, "
      + "including test runs from the editor.");

  public ExecutionsView(ExecutionHistory history, WorkflowService workflows, AccountPort accounts, WorkspacePort workspace) {
    this.history = history;
    this.who = accounts.currentWorkspace().orElseThrow();
    this.zone = workspace.zone();
    this.when = WHEN_LOCAL.withZone(zone);
    setSizeFull();
    H1 heading = new H1("Executions");
    heading.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("margin", "0");

    workflow.setLabel("Workflow");
    workflow.setId("filter-workflow");
    workflow.setItems(workflows.list(who.tenantId()));
    workflow.setItemLabelGenerator(w -> w == null ? "All workflows" : w.name());
    workflow.setEmptySelectionAllowed(true);
    workflow.setEmptySelectionCaption("All workflows");
    state.setLabel("State");
    state.setId("filter-state");
    state.setItems(STATES);
    state.setEmptySelectionAllowed(true);
    state.setEmptySelectionCaption("Any state");
    Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
    refresh.setId("refresh-executions");
    from.setId("filter-from");
    to.setId("filter-to");
    for (DatePicker d : List.of(from, to)) {
      d.setHelperText("In " + zone.getId());
      d.setClearButtonVisible(true);
      d.addValueChangeListener(e -> refresh());
    }
    workflow.addValueChangeListener(e -> refresh());
    state.addValueChangeListener(e -> refresh());
    HorizontalLayout filters = new HorizontalLayout(workflow, state, from, to, refresh);
    filters.setWrap(true);
    filters.setAlignItems(FlexComponent.Alignment.BASELINE);

    grid.setId("executions-grid");
    grid.setAriaLabel("Executions");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(ExecutionHistory.ExecutionSummary::workflowName).setHeader("Workflow").setFlexGrow(2);
    grid.addColumn(s -> "v" + s.workflowVersion()).setHeader("Version").setWidth("6em").setFlexGrow(0);
    grid.addComponentColumn(s -> StateBadge.of(s.status(), s.status())).setHeader("State").setFlexGrow(1);
    grid.addColumn(s -> s.triggerKind() + s.replayOf().map(r -> " (replay)").orElse("")).setHeader("Started by")
        .setFlexGrow(1);
    grid.addColumn(s -> when.format(s.createdAt())).setHeader("Started").setFlexGrow(1);
    grid.addColumn(s -> s.finishedAt().map(f -> StepDetails.human(Duration.between(s.createdAt(), f))).orElse("—"))
        .setHeader("Took").setFlexGrow(0).setWidth("8em");
    grid.addComponentColumn(s -> {
      Button open = new Button("Inspect", e -> open(s.id()));
      open.addThemeVariants(ButtonVariant.LUMO_SMALL);
      open.setAriaLabel("Inspect the run of " + s.workflowName() + " started " + when.format(s.createdAt()));
      return open;
    }).setHeader("").setFlexGrow(0).setWidth("8em");
    grid.addItemClickListener(e -> open(e.getItem().id()));
    grid.setSizeFull();
    add(heading, filters, empty, grid);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    QueryParameters query = event.getLocation().getQueryParameters();
    query.getSingleParameter("workflow").flatMap(ExecutionsView::uuid).ifPresent(id ->
        workflow.getListDataView().getItems().filter(w -> w.id().equals(id)).findFirst().ifPresent(workflow::setValue));
    refresh();
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void refresh() {
    List<ExecutionHistory.ExecutionSummary> runs = history.list(who.tenantId(), new ExecutionHistory.Filter(
        Optional.ofNullable(workflow.getValue()).map(WorkflowService.Summary::id), Optional.ofNullable(state.getValue()),
        Optional.ofNullable(from.getValue()).map(d -> d.atStartOfDay(zone).toInstant()),
        Optional.ofNullable(to.getValue()).map(d -> d.plusDays(1).atStartOfDay(zone).toInstant()), 200));
    grid.setItems(runs);
    empty.setVisible(runs.isEmpty());
  }

  private void open(UUID id) {
    getUI().ifPresent(ui -> ui.navigate(ExecutionView.class, new RouteParameters("id", id.toString())));
  }
}
