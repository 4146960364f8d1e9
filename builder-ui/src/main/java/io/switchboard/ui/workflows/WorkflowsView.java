package io.switchboard.ui.workflows;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.canvas.StateBadge;
import io.switchboard.ui.workspace.WorkspacePort;
import jakarta.annotation.security.PermitAll;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The workspace's workflows: state, version, last change; create, open, switch on and off. */
@Route("workflows")
@PageTitle("Workflows · Switchboard")
@PermitAll
public class WorkflowsView extends VerticalLayout {

  static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
      .withZone(ZoneId.systemDefault());

  private final WorkflowService workflows;
  private final WorkspacePort workspace;
  private final AccountPort.Workspace who;
  private final Grid<WorkflowService.Summary> grid = new Grid<>();

  public WorkflowsView(WorkflowService workflows, AccountPort accounts, WorkspacePort workspace) {
    this.workflows = workflows;
    this.workspace = workspace;
    this.who = accounts.currentWorkspace().orElseThrow();
    setSizeFull();

    H1 heading = new H1("Workflows");
    heading.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("margin", "0");
    Button create = new Button("New workflow", VaadinIcon.PLUS.create(), e -> openCreateDialog());
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.setId("new-workflow");
    HorizontalLayout header = new HorizontalLayout(heading, create);
    header.setWidthFull();
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.expand(heading);

    grid.setId("workflows-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.setAriaLabel("Workflows");
    grid.addComponentColumn(s -> {
      Button open = new Button(s.name(), e -> open(s.id()));
      open.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
      open.setAriaLabel("Open " + s.name());
      open.getElement().setAttribute("data-workflow", s.name());
      return open;
    }).setHeader("Name").setFlexGrow(3).setComparator(s -> s.name().toLowerCase());
    grid.addComponentColumn(s -> s.active()
            ? StateBadge.of("Active · v" + s.activeVersion().orElseThrow(), "active")
            : StateBadge.of("Inactive", "inactive"))
        .setHeader("State").setFlexGrow(1);
    grid.addColumn(s -> "v" + s.latestVersion()).setHeader("Version").setFlexGrow(0).setWidth("7em");
    grid.addColumn(s -> WHEN.format(s.updatedAt())).setHeader("Updated").setFlexGrow(0).setWidth("13em")
        .setComparator(Comparator.comparing(WorkflowService.Summary::updatedAt));
    grid.addComponentColumn(this::actions).setHeader("Actions").setFlexGrow(2);
    grid.addItemDoubleClickListener(e -> open(e.getItem().id()));
    grid.setSizeFull();

    Paragraph empty = new Paragraph("No workflows yet. Choose \"New workflow\" to build your first one.");
    empty.setId("workflows-empty");
    add(header, empty, grid);
    refresh(empty);
  }

  private HorizontalLayout actions(WorkflowService.Summary s) {
    Button open = new Button("Open", VaadinIcon.EDIT.create(), e -> open(s.id()));
    open.addThemeVariants(ButtonVariant.LUMO_SMALL);
    open.setAriaLabel("Open " + s.name() + " in the editor");
    Button toggle = s.active()
        ? new Button("Switch off", VaadinIcon.STOP.create(), e -> deactivate(s))
        : new Button("Switch on", VaadinIcon.PLAY.create(), e -> activate(s));
    toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
    toggle.setAriaLabel((s.active() ? "Switch off " : "Switch on ") + s.name());
    toggle.getElement().setAttribute("data-action", s.active() ? "deactivate" : "activate");
    return new HorizontalLayout(open, toggle);
  }

  private void open(UUID id) {
    getUI().ifPresent(ui -> ui.navigate(WorkflowEditorView.class, new com.vaadin.flow.router.RouteParameters("id", id.toString())));
  }

  private void refresh(Paragraph empty) {
    List<WorkflowService.Summary> list = workflows.list(who.tenantId());
    grid.setItems(list);
    empty.setVisible(list.isEmpty());
    grid.setVisible(!list.isEmpty());
  }

  private void refresh() {
    getChildren().filter(c -> "workflows-empty".equals(c.getId().orElse(null))).findFirst()
        .ifPresent(c -> refresh((Paragraph) c));
  }

  private void activate(WorkflowService.Summary s) {
    Optional<WorkflowGraph> graph = workflows.graph(who.tenantId(), s.id(), s.latestVersion());
    List<ValidationProblem> problems = new ArrayList<>(graph.map(workspace::activationProblems).orElse(List.of()));
    if (problems.isEmpty()) {
      try {
        workflows.activate(who.tenantId(), s.id(), s.latestVersion());
        workspace.audit("workflow.activated", "workflow", s.id().toString(), Map.of("version", s.latestVersion()));
        Notification.show("\"" + s.name() + "\" is on: version " + s.latestVersion() + " now runs.", 4000,
            Notification.Position.TOP_CENTER).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        refresh();
        return;
      } catch (WorkflowService.Refused refused) {
        problems.addAll(refused.problems());
        if (refused.problems().isEmpty()) {
          Notification.show(refused.getMessage(), 6000, Notification.Position.MIDDLE)
              .addThemeVariants(NotificationVariant.LUMO_ERROR);
          return;
        }
      }
    }
    showRefusal(s.name(), problems);
  }

  private void showRefusal(String name, List<ValidationProblem> problems) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("\"" + name + "\" cannot be switched on yet");
    dialog.setId("activation-problems");
    UnorderedList list = new UnorderedList();
    problems.stream().filter(ValidationProblem::isError).forEach(p -> list.add(new ListItem(p.message())));
    dialog.add(new Paragraph("Fix these in the editor first:"), list);
    long warnings = problems.stream().filter(p -> !p.isError()).count();
    if (warnings > 0 && GraphValidator.hasErrors(problems)) {
      dialog.add(new Paragraph(warnings + " warning(s) do not stop it from running, but are worth a look."));
    }
    Button close = new Button("Close", e -> dialog.close());
    close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    close.setId("activation-problems-close");
    dialog.getFooter().add(close);
    dialog.open();
  }

  private void deactivate(WorkflowService.Summary s) {
    workflows.deactivate(who.tenantId(), s.id());
    workspace.audit("workflow.deactivated", "workflow", s.id().toString(), Map.of());
    Notification.show("\"" + s.name() + "\" is off; it no longer starts.", 4000, Notification.Position.TOP_CENTER);
    refresh();
  }

  private void openCreateDialog() {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("New workflow");
    TextField name = new TextField("Name");
    name.setId("new-workflow-name");
    name.setRequiredIndicatorVisible(true);
    name.setWidthFull();
    name.setPlaceholder("Appointment reminders");
    TextArea description = new TextArea("Description (optional)");
    description.setId("new-workflow-description");
    description.setWidthFull();
    VerticalLayout body = new VerticalLayout(name, description);
    body.setPadding(false);
    body.setWidth("28rem");
    dialog.add(body);
    Button cancel = new Button("Cancel", e -> dialog.close());
    Button create = new Button("Create", e -> {
      try {
        WorkflowService.Saved saved = workflows.create(who.tenantId(), Optional.of(who.userId()), name.getValue(),
            description.getValue(), new WorkflowGraph(WorkflowGraph.CURRENT_SCHEMA_VERSION, List.of(), List.of(), null),
            "Created");
        workspace.audit("workflow.created", "workflow", saved.workflowId().toString(), Map.of("name", name.getValue()));
        dialog.close();
        open(saved.workflowId());
      } catch (WorkflowService.Refused refused) {
        name.setErrorMessage(refused.getMessage());
        name.setInvalid(true);
      }
    });
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.setId("create-workflow");
    create.addClickShortcut(Key.ENTER);
    dialog.getFooter().add(cancel, create);
    dialog.open();
    name.focus();
  }
}
