package io.switchboard.ui.workflows;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.BeforeLeaveEvent;
import com.vaadin.flow.router.BeforeLeaveObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.server.streams.UploadHandler;
import io.switchboard.engine.graph.GraphChange;
import io.switchboard.engine.graph.GraphDiff;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowFormatException;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeDescriptor;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.catalog.OutputSchemas;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.canvas.FlowCanvas;
import io.switchboard.ui.canvas.StateBadge;
import io.switchboard.ui.canvas.StepCatalog;
import io.switchboard.ui.executions.ExecutionView;
import io.switchboard.ui.canvas.RunWatcher;
import io.switchboard.ui.canvas.StepDetails;
import io.switchboard.ui.workspace.WorkspacePort;
import jakarta.annotation.security.PermitAll;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The workflow editor: the canvas with its palette, a settings panel generated from the selected
 * step's schema, validation problems in words, save (a new version, guarded against overwriting
 * someone else's), version history with restore, import and export, and test runs whose steps
 * light up as they run.
 */
@Route("workflows/:id")
@PermitAll
public class WorkflowEditorView extends VerticalLayout implements BeforeEnterObserver, BeforeLeaveObserver,
    HasDynamicTitle {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final WorkflowService workflows;
  private final WorkflowJson json;
  private final ExecutionRunner runner;
  private final ExecutionHistory history;
  private final ExecutionStore store;
  private final NodeCatalog nodeCatalog;
  private final StepCatalog catalog;
  private final WorkspacePort workspace;
  private final AccountPort.Workspace who;

  private final FlowCanvas canvas = new FlowCanvas();
  private final VerticalLayout side = new VerticalLayout();
  private final Div problemsBox = new Div();
  private final Div runBar = new Div();
  private final UnorderedList stepProblems = new UnorderedList();
  private final Span versionLabel = new Span();
  private final Span dirtyLabel = new Span();
  private final Div stateHolder = new Div();
  private final H1 title = new H1();

  private UUID workflowId;
  private WorkflowService.Summary summary;
  private int baseVersion;
  private ObjectNode graph;
  private volatile byte[] exportSnapshot = new byte[0];
  private boolean dirty;
  private String selected = "";
  private List<ValidationProblem> problems = List.of();
  private ExecutionHistory.ExecutionDetail lastRun;
  private Optional<ExecutionHistory.ExecutionDetail> recentRun; // the newest run before this visit, read when first needed
  private RunWatcher watcher;

  public WorkflowEditorView(WorkflowService workflows, WorkflowJson json, ExecutionRunner runner,
                            ExecutionHistory history, ExecutionStore store, NodeCatalog nodeCatalog,
                            AccountPort accounts, WorkspacePort workspace) {
    this.workflows = workflows;
    this.json = json;
    this.runner = runner;
    this.history = history;
    this.store = store;
    this.nodeCatalog = nodeCatalog;
    this.catalog = new StepCatalog(nodeCatalog);
    this.workspace = workspace;
    this.who = accounts.currentWorkspace().orElseThrow();
    setSizeFull();
    setPadding(false);
    setSpacing(false);
    getStyle().set("overflow", "hidden");
  }

  @Override
  public String getPageTitle() {
    return (summary == null ? "Workflow not found" : summary.name()) + " · Switchboard";
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    removeAll();
    Optional<UUID> id = event.getRouteParameters().get("id").flatMap(WorkflowEditorView::uuid);
    summary = id.flatMap(i -> workflows.find(who.tenantId(), i)).orElse(null);
    if (summary == null) {
      showNotFound();
      return;
    }
    workflowId = summary.id();
    buildEditor();
    load(summary.latestVersion(), true);
    canvas.readDraft(this::offerDraft);
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void showNotFound() {
    VerticalLayout box = new VerticalLayout();
    box.setId("not-found");
    H1 heading = new H1("Workflow not found");
    heading.getStyle().set("font-size", "var(--lumo-font-size-xxl)");
    box.add(heading, new Paragraph("There is no workflow at this address in your workspace. It may have been "
        + "deleted, or the link may be wrong."), new RouterLink("Back to your workflows", WorkflowsView.class));
    add(box);
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    // The canvas needs the room; the navigation drawer stays one click away.
    AppLayout layout = findAncestor(AppLayout.class);
    if (layout != null && summary != null) layout.setDrawerOpened(false);
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    if (watcher != null) watcher.stop();
  }

  @Override
  public void beforeLeave(BeforeLeaveEvent event) {
    if (!dirty) return;
    BeforeLeaveEvent.ContinueNavigationAction action = event.postpone();
    Dialog dialog = new Dialog();
    dialog.setId("unsaved-changes");
    dialog.setHeaderTitle("Leave without saving?");
    dialog.add(new Paragraph("Your changes to \"" + summary.name() + "\" are not saved yet."));
    Button stay = new Button("Stay", e -> dialog.close());
    stay.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Button leave = new Button("Leave without saving", e -> {
      dirty = false;
      canvas.clearDraft();
      dialog.close();
      action.proceed();
    });
    leave.addThemeVariants(ButtonVariant.LUMO_ERROR);
    dialog.getFooter().add(leave, stay);
    dialog.open();
  }

  // --- layout -------------------------------------------------------------------------------------

  private void buildEditor() {
    title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
    title.setId("workflow-name");
    versionLabel.setId("workflow-version");
    versionLabel.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    dirtyLabel.setId("unsaved");
    dirtyLabel.getStyle().set("color", "#8a5200").set("font-size", "var(--lumo-font-size-s)");

    Button back = new Button(VaadinIcon.ARROW_LEFT.create(), e -> getUI().ifPresent(ui -> ui.navigate(WorkflowsView.class)));
    back.setAriaLabel("Back to workflows");
    back.setTooltipText("Back to workflows");
    back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

    Button save = new Button("Save", VaadinIcon.CHECK.create(), e -> save(false));
    save.setId("save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    save.addClickShortcut(com.vaadin.flow.component.Key.KEY_S, com.vaadin.flow.component.KeyModifier.CONTROL)
        .setBrowserDefaultAllowed(false);
    Button run = new Button("Test run", VaadinIcon.PLAY.create(), e -> openRunDialog());
    run.setId("test-run");
    Button versions = new Button("History", VaadinIcon.TIME_BACKWARD.create(), e -> openHistory());
    versions.setId("history");
    Anchor export = new Anchor(DownloadHandler.fromInputStream(event -> new DownloadResponse(
        new ByteArrayInputStream(exportSnapshot), fileName(), "application/json", exportSnapshot.length)), "");
    export.setDownload(true);
    Button exportButton = new Button("Export", VaadinIcon.DOWNLOAD.create());
    exportButton.setTabIndex(-1);
    export.add(exportButton);
    export.setId("export");
    export.getElement().setAttribute("aria-label", "Export this workflow as a JSON file");
    Button importButton = new Button("Import", VaadinIcon.UPLOAD.create(), e -> openImport());
    importButton.setId("import");

    HorizontalLayout header = new HorizontalLayout(back, title, stateHolder, versionLabel, dirtyLabel, save, run,
        versions, export, importButton);
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.setWidthFull();
    header.expand(dirtyLabel);
    header.getStyle().set("padding", "var(--lumo-space-xs) var(--lumo-space-m)").set("flex-wrap", "wrap")
        .set("border-bottom", "1px solid var(--lumo-contrast-10pct)");

    canvas.setNodeTypes(catalog.palette());
    canvas.setSizeFull();
    canvas.onGraphChanged(this::canvasChanged);
    canvas.onNodeSelected(id -> {
      if (!id.equals(selected)) {
        selected = id;
        renderSide();
      }
    });

    side.setWidth("340px");
    side.setMinWidth("300px");
    side.setHeightFull();
    side.getStyle().set("overflow-y", "auto").set("border-left", "1px solid var(--lumo-contrast-10pct)")
        .set("flex", "none");
    side.setId("side-panel");
    side.getElement().setAttribute("aria-label", "Settings of the selected step");

    Div canvasHolder = new Div(canvas);
    canvasHolder.getStyle().set("flex", "1").set("min-width", "0").set("height", "100%");
    HorizontalLayout body = new HorizontalLayout(canvasHolder, side);
    body.setSpacing(false);
    body.setWidthFull();
    body.getStyle().set("flex", "1").set("min-height", "0");

    problemsBox.setId("problems");
    problemsBox.setWidthFull();
    problemsBox.getStyle().set("max-height", "120px").set("overflow-y", "auto").set("padding", "0 var(--lumo-space-m)")
        .set("border-top", "1px solid var(--lumo-contrast-10pct)").set("font-size", "var(--lumo-font-size-s)");

    runBar.setId("run-bar");
    runBar.setWidthFull();
    runBar.getStyle().set("padding", "0 var(--lumo-space-m)");
    add(header, body, runBar, problemsBox);
  }

  /** Shows a saved version; {@code keepDraft} leaves the browser's kept draft alone (opening offers it back). */
  private void load(int version, boolean keepDraft) {
    WorkflowGraph loaded = workflows.graph(who.tenantId(), workflowId, version).orElseThrow();
    summary = workflows.find(who.tenantId(), workflowId).orElseThrow();
    baseVersion = summary.latestVersion();
    keepDrafts();
    if (!keepDraft) canvas.clearDraft();
    showGraph(json.toTree(loaded), false);
    setDirty(false);
    refreshHeader();
  }

  /** Where the canvas keeps unsaved changes in the browser: per person and workflow. */
  private void keepDrafts() {
    canvas.keepDrafts("switchboard.draft." + who.userId() + "." + workflowId, workflowId.toString(), baseVersion);
  }

  /** Puts a whole graph (file format) on the canvas; {@code unsaved} when it is not a saved version. */
  private void showGraph(ObjectNode tree, boolean unsaved) {
    graph = tree;
    Map<String, List<FlowCanvas.Port>> ports = new HashMap<>();
    for (JsonNode n : nodesOf(graph)) {
      ports.put(n.path("id").asString(), portsOf(n));
    }
    canvas.setGraph(nodesOf(graph), (ArrayNode) graph.path("edges"), ports, unsaved);
    selected = "";
    revalidate();
    renderSide();
  }

  private List<FlowCanvas.Port> portsOf(JsonNode node) {
    return catalog.ports(node.path("type").asString(), node.path("config"),
        "ERROR_PORT".equals(node.path("options").path("onError").asString("")));
  }

  private static ArrayNode nodesOf(ObjectNode graph) {
    JsonNode nodes = graph.path("nodes");
    if (!nodes.isArray()) {
      graph.set("nodes", NODES.arrayNode());
    }
    if (!graph.path("edges").isArray()) {
      graph.set("edges", NODES.arrayNode());
    }
    return (ArrayNode) graph.get("nodes");
  }

  private Optional<ObjectNode> node(String id) {
    for (JsonNode n : nodesOf(graph)) {
      if (n.path("id").asString().equals(id)) return Optional.of((ObjectNode) n);
    }
    return Optional.empty();
  }

  private void refreshHeader() {
    title.setText(summary.name());
    versionLabel.setText("Version " + baseVersion);
    stateHolder.removeAll();
    stateHolder.add(summary.active()
        ? StateBadge.of("Active · v" + summary.activeVersion().orElseThrow(), "active")
        : StateBadge.of("Inactive", "inactive"));
  }

  private void setDirty(boolean value) {
    dirty = value;
    dirtyLabel.setText(value ? "Unsaved changes" : "");
    exportSnapshot = currentJson().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(exportSnapshot);
  }

  private Optional<String> currentJson() {
    try {
      return Optional.of(json.write(json.read(graph)));
    } catch (WorkflowFormatException e) {
      return Optional.empty();
    }
  }

  private String fileName() {
    return summary.name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".switchboard.json";
  }

  // --- canvas changes -----------------------------------------------------------------------------

  private void canvasChanged(ObjectNode model) {
    Map<String, ObjectNode> before = new HashMap<>();
    nodesOf(graph).forEach(n -> before.put(n.path("id").asString(), (ObjectNode) n));
    // A graph sent before the canvas had applied the panel's latest change: the panel's values win.
    boolean stale = model.path("seenPatch").asInt(0) < canvas.lastPatch();
    for (JsonNode n : model.path("nodes")) {
      ObjectNode known = before.get(n.path("id").asString());
      if (stale && known != null && n instanceof ObjectNode sent) {
        for (String field : List.of("name", "config", "options", "disabled")) {
          if (known.has(field)) sent.set(field, known.get(field).deepCopy()); else sent.remove(field);
        }
      }
    }
    JsonNode edgesBefore = graph.path("edges");
    withCanvasGraph(graph, model);
    setDirty(true);
    revalidate();
    ObjectNode was = before.get(selected);
    Optional<ObjectNode> now = node(selected);
    if (now.isEmpty() && !selected.isEmpty()) {
      selected = "";
      renderSide();
    } else if (now.isPresent() && was != null && (!was.path("config").equals(now.get().path("config"))
        || !was.path("name").equals(now.get().path("name")) || !was.path("options").equals(now.get().path("options")))) {
      renderSide(); // undo or redo changed what the panel shows
    } else if (now.isPresent() && !edgesBefore.equals(graph.path("edges"))) {
      renderSide(); // a new or removed connection changes which earlier steps' data the panel offers
    }
  }

  /** Validates the graph as it is now; problems go on the nodes and into the list under the canvas. */
  private void revalidate() {
    try {
      WorkflowGraph g = json.read(graph);
      List<ValidationProblem> found = new ArrayList<>(workflows.validate(g));
      found.sort((a, b) -> Boolean.compare(!a.isError(), !b.isError()));
      problems = found;
    } catch (WorkflowFormatException e) {
      problems = List.of(new ValidationProblem(ValidationProblem.Severity.ERROR, e.code(), Optional.empty(),
          Optional.empty(), e.getMessage()));
    }
    Map<String, List<String>> byNode = new LinkedHashMap<>();
    for (ValidationProblem p : problems) {
      p.nodeId().ifPresent(id -> byNode.computeIfAbsent(id, k -> new ArrayList<>()).add(p.message()));
    }
    canvas.setProblems(byNode);
    showStepProblems();
    problemsBox.removeAll();
    long errors = problems.stream().filter(ValidationProblem::isError).count();
    long warnings = problems.size() - errors;
    Span heading = new Span(problems.isEmpty() ? "No problems found: this workflow can be switched on."
        : errors == 0 ? "Nothing stops this workflow from being switched on; " + count(warnings, "warning") + " worth a look:"
        : count(errors, "problem") + " to fix before it can be switched on"
            + (warnings > 0 ? ", and " + count(warnings, "warning") : "") + ":");
    heading.getStyle().set("font-weight", "600");
    heading.setId("problems-summary");
    problemsBox.add(heading);
    UnorderedList list = new UnorderedList();
    list.getStyle().set("margin", "0");
    for (ValidationProblem p : problems) {
      ListItem item = new ListItem();
      Span severity = StateBadge.of(p.isError() ? "Error" : "Warning", p.isError() ? "error" : "warning");
      Span text = new Span(" " + p.message());
      item.add(severity, text);
      item.getElement().setAttribute("data-code", p.code());
      p.nodeId().ifPresent(id -> {
        Button show = new Button("Show", e -> canvas.focusNode(id));
        show.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
        show.setAriaLabel("Show the step this problem is about");
        show.getStyle().set("margin-left", "var(--lumo-space-s)");
        item.add(show);
      });
      list.add(item);
    }
    problemsBox.add(list);
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  // --- side panel -----------------------------------------------------------------------------------

  /** The selected step's problems, at the top of the panel. */
  private void showStepProblems() {
    stepProblems.removeAll();
    stepProblems.setId("step-problems");
    problems.stream().filter(p -> p.nodeId().map(selected::equals).orElse(false))
        .forEach(p -> stepProblems.add(new ListItem(p.message())));
    stepProblems.setVisible(stepProblems.getChildren().findAny().isPresent());
  }

  private void renderSide() {
    side.removeAll();
    side.getElement().setAttribute("data-node", selected);
    Optional<ObjectNode> picked = node(selected);
    if (picked.isEmpty()) {
      H3 hint = new H3("Settings");
      hint.getStyle().set("margin", "0");
      side.add(hint, new Paragraph("Select a step on the canvas to change its settings. Add steps by dragging them "
          + "from the list on the left, or by clicking them. Connect a step's output (right) to another step's "
          + "input (left)."));
      if (lastRun != null) {
        side.add(new Paragraph("Last test run: " + lastRun.summary().status() + ". Select a step to see what it did."));
      }
      return;
    }
    ObjectNode n = picked.get();
    String id = n.path("id").asString();
    String type = n.path("type").asString();
    Optional<NodeDescriptor> descriptor = catalog.descriptor(type);
    H3 heading = new H3(descriptor.map(NodeDescriptor::displayName).orElse(type));
    heading.getStyle().set("margin", "0");
    heading.setId("side-type");
    side.add(heading);
    descriptor.ifPresent(d -> {
      Paragraph about = new Paragraph(d.description());
      about.getStyle().set("margin", "0").set("color", "var(--lumo-secondary-text-color)")
          .set("font-size", "var(--lumo-font-size-s)");
      side.add(about);
    });
    if (descriptor.isEmpty()) {
      side.add(new Paragraph("This kind of step (" + type + ") is not known to this Switchboard; it cannot run."));
    }

    stepProblems.getStyle().set("color", "#a61b1b").set("margin", "0").set("font-size", "var(--lumo-font-size-s)");
    side.add(stepProblems);
    showStepProblems();

    TextField name = new TextField("Step name");
    name.setId("step-name");
    name.setWidthFull();
    name.setValue(n.path("name").asString(id));
    name.setHelperText("Later steps refer to this step's result by this name.");
    name.setValueChangeMode(ValueChangeMode.LAZY);
    name.addValueChangeListener(e -> {
      if (e.getValue().isBlank()) {
        name.setErrorMessage("Give the step a name.");
        name.setInvalid(true);
        return;
      }
      name.setInvalid(false);
      edit(id, current -> current.put("name", e.getValue().trim()));
    });
    side.add(name);

    if (lastRun != null) {
      List<ExecutionHistory.Step> steps = lastRun.steps().stream().filter(s -> s.nodeId().equals(id)).toList();
      StepDetails details = new StepDetails(n.path("name").asString(id), steps);
      details.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "var(--lumo-border-radius-m)")
          .set("padding", "var(--lumo-space-s)");
      side.add(details);
    }

    JsonNode schema = catalog.schema(type).orElse(NODES.objectNode());
    ObjectNode config = n.path("config").isObject() ? (ObjectNode) n.get("config") : NODES.objectNode();
    SchemaForm form = new SchemaForm(schema, config, choices(), false,
        newConfig -> edit(id, current -> current.set("config", newConfig)));
    form.setId("step-form");
    side.add(form);

    Select<String> onError = new Select<>();
    onError.setLabel("When it fails");
    onError.setId("step-on-error");
    onError.setItems("FAIL", "ERROR_PORT", "CONTINUE");
    onError.setItemLabelGenerator(v -> switch (v) {
      case "ERROR_PORT" -> "Follow its \"error\" output";
      case "CONTINUE" -> "Carry on with the error as data";
      default -> "Stop the run";
    });
    onError.setValue(n.path("options").path("onError").asString("FAIL"));
    onError.setWidthFull();
    onError.addValueChangeListener(e -> edit(id, current -> {
      ObjectNode options = current.path("options").isObject() ? (ObjectNode) current.get("options") : NODES.objectNode();
      options.put("onError", e.getValue());
      current.set("options", options);
    }));
    Checkbox disabled = new Checkbox("Switched off (kept, but does not run)", n.path("disabled").asBoolean(false));
    disabled.setId("step-disabled");
    disabled.addValueChangeListener(e -> edit(id, current -> current.put("disabled", e.getValue())));
    if (descriptor.map(d -> d.kind() != io.switchboard.engine.spi.NodeKind.TRIGGER).orElse(true)) {
      side.add(onError);
    }
    side.add(disabled);

  }

  private SchemaForm.Choices choices() {
    return new SchemaForm.Choices() {
      @Override
      public List<SchemaForm.Choice> credentials(Optional<String> type) {
        return workspace.credentials(type).stream()
            .map(c -> new SchemaForm.Choice(c.id().toString(), c.name() + " (" + c.type() + ")")).toList();
      }

      @Override
      public List<SchemaForm.Choice> workflows() {
        return workflows.list(who.tenantId()).stream().filter(w -> !w.id().equals(workflowId))
            .map(w -> new SchemaForm.Choice(w.id().toString(), w.name())).toList();
      }

      private List<DataSuggestions.Suggestion> data; // one list for all the form's fields

      @Override
      public List<DataSuggestions.Suggestion> data() {
        if (data == null) data = dataFor(selected);
        return data;
      }
    };
  }

  /**
   * What the step's templates can read: the steps leading into it (their documented outputs, a
   * trigger's sample, the last run's data), the contact, the workspace's variables and now().
   */
  private List<DataSuggestions.Suggestion> dataFor(String stepId) {
    List<DataSuggestions.Step> steps = new ArrayList<>();
    Map<String, JsonNode> schemas = new HashMap<>();
    Map<String, JsonNode> samples = new HashMap<>();
    for (JsonNode n : nodesOf(graph)) {
      String id = n.path("id").asString();
      String type = n.path("type").asString();
      boolean trigger = catalog.descriptor(type).map(d -> d.kind() == NodeKind.TRIGGER).orElse(false);
      steps.add(new DataSuggestions.Step(id, n.path("name").asString(id), type, trigger));
      nodeCatalog.find(type).flatMap(NodeType::outputSchema).ifPresent(schema -> schemas.put(type, schema));
      JsonNode sample = n.path("config").path("samplePayload");
      if (trigger && sample.isObject()) samples.put(id, sample);
    }
    List<DataSuggestions.Link> links = new ArrayList<>();
    graph.path("edges").forEach(e -> links.add(new DataSuggestions.Link(e.path("from").asString(), e.path("to").asString())));
    Optional<ExecutionHistory.ExecutionDetail> run = lastRun != null ? Optional.of(lastRun) : recentRun();
    Map<String, JsonNode> outputs = new HashMap<>();
    run.ifPresent(r -> r.steps().forEach(st -> st.output().ifPresent(o -> outputs.put(st.nodeId(), o))));
    List<String> variables = new ArrayList<>();
    store.tenantContext(who.tenantId()).variables().properties().forEach(e -> variables.add(e.getKey()));
    DataSuggestions.Known known = new DataSuggestions.Known(schemas, samples,
        run.map(ExecutionHistory.ExecutionDetail::triggerPayload).filter(JsonNode::isObject), outputs,
        OutputSchemas.contact("The contact the run is about"), variables);
    return DataSuggestions.forStep(stepId, steps, links, known);
  }

  private Optional<ExecutionHistory.ExecutionDetail> recentRun() {
    if (recentRun == null) {
      recentRun = history.list(who.tenantId(), new ExecutionHistory.Filter(Optional.of(workflowId), Optional.empty(),
              Optional.empty(), Optional.empty(), 1)).stream().findFirst()
          .flatMap(summary -> history.get(who.tenantId(), summary.id()));
    }
    return recentRun;
  }

  /**
   * A change made in the panel, applied to the node as it is in the graph now (the canvas may have
   * sent a newer graph since the panel was drawn); then the canvas is told and the graph checked again.
   */
  private void edit(String id, java.util.function.Consumer<ObjectNode> change) {
    Optional<ObjectNode> current = node(id);
    if (current.isEmpty()) return;
    change.accept(current.get());
    nodeEdited(current.get());
  }

  private void nodeEdited(ObjectNode n) {
    ObjectNode config = n.path("config").isObject() ? (ObjectNode) n.get("config") : NODES.objectNode();
    canvas.patchNode(n.path("id").asString(), n.path("name").asString(), config,
        n.path("options").isObject() ? n.get("options") : null, n.path("disabled").asBoolean(false), portsOf(n));
    setDirty(true);
    revalidate();
  }

  // --- save, history, import -------------------------------------------------------------------------

  private Optional<WorkflowGraph> readCurrent() {
    try {
      return Optional.of(json.read(graph));
    } catch (WorkflowFormatException e) {
      Notification.show("This workflow cannot be saved: " + e.getMessage(), 8000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.LUMO_ERROR);
      return Optional.empty();
    }
  }

  /** Saves a new version; {@code overwrite} skips the check that nobody saved meanwhile. */
  private boolean save(boolean overwrite) {
    Optional<WorkflowGraph> current = readCurrent();
    if (current.isEmpty()) return false;
    try {
      WorkflowService.Saved saved = workflows.save(who.tenantId(), workflowId, Optional.of(who.userId()), current.get(),
          "Saved in the editor", overwrite ? Optional.empty() : Optional.of(baseVersion));
      workspace.audit("workflow.saved", "workflow", workflowId.toString(), Map.of("version", saved.version()));
      baseVersion = saved.version();
      summary = workflows.find(who.tenantId(), workflowId).orElseThrow();
      keepDrafts();
      canvas.clearDraft();
      setDirty(false);
      refreshHeader();
      long errors = saved.problems().stream().filter(ValidationProblem::isError).count();
      Notification note = Notification.show("Saved as version " + saved.version()
          + (errors > 0 ? ". It has " + errors + " problem(s) to fix before it can be switched on." : "."),
          4000, Notification.Position.TOP_CENTER);
      note.addThemeVariants(errors > 0 ? NotificationVariant.LUMO_WARNING : NotificationVariant.LUMO_SUCCESS);
      note.setId("saved-notification");
      return true;
    } catch (WorkflowService.Refused refused) {
      if ("newer_version_exists".equals(refused.code())) {
        showConflict(refused.getMessage(), current.get());
      } else {
        Notification.show(refused.getMessage(), 8000, Notification.Position.MIDDLE)
            .addThemeVariants(NotificationVariant.LUMO_ERROR);
      }
      return false;
    }
  }

  private void showConflict(String message, WorkflowGraph mine) {
    WorkflowService.Summary latest = workflows.find(who.tenantId(), workflowId).orElseThrow();
    WorkflowGraph theirs = workflows.graph(who.tenantId(), workflowId, latest.latestVersion()).orElseThrow();
    Dialog dialog = new Dialog();
    dialog.setId("newer-version");
    dialog.setHeaderTitle("Someone saved a newer version");
    dialog.add(new Paragraph(message));
    List<GraphChange> changes = GraphDiff.between(theirs, mine).stream().filter(c -> !isLayoutOnly(c)).toList();
    dialog.add(new Paragraph(changes.isEmpty()
        ? "Your version and theirs differ only in where steps sit on the canvas."
        : "Saving yours would make these changes to their version " + latest.latestVersion() + ":"));
    UnorderedList list = new UnorderedList();
    changes.forEach(c -> list.add(new ListItem(c.summary())));
    dialog.add(list);
    dialog.setWidth("36rem");
    Button keep = new Button("Keep editing", e -> dialog.close());
    Button load = new Button("Discard mine, load theirs", e -> {
      dialog.close();
      load(latest.latestVersion(), false);
    });
    Button overwrite = new Button("Save mine as the newest", e -> {
      dialog.close();
      save(true);
    });
    overwrite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    overwrite.setId("save-anyway");
    dialog.getFooter().add(keep, load, overwrite);
    dialog.open();
  }

  private static boolean isLayoutOnly(GraphChange change) {
    return change instanceof GraphChange.NodeChanged changed && changed.changes().stream()
        .allMatch(f -> f.path().equals("position"));
  }

  private void openHistory() {
    Dialog dialog = new Dialog();
    dialog.setId("history-dialog");
    dialog.setHeaderTitle("Versions of \"" + summary.name() + "\"");
    dialog.setWidth("46rem");
    List<WorkflowService.VersionInfo> versions = workflows.versions(who.tenantId(), workflowId);
    Grid<WorkflowService.VersionInfo> grid = new Grid<>();
    grid.setAriaLabel("Versions");
    grid.addColumn(v -> "v" + v.version()).setHeader("Version").setWidth("6em").setFlexGrow(0);
    grid.addColumn(v -> v.note() == null || v.note().isBlank() ? "—" : v.note()).setHeader("Note").setFlexGrow(2);
    grid.addColumn(v -> WorkflowsView.WHEN.format(v.createdAt())).setHeader("Saved").setFlexGrow(1);
    grid.setItems(versions);
    grid.setHeight("16rem");
    Div changes = new Div();
    changes.setId("version-changes");
    changes.getStyle().set("font-size", "var(--lumo-font-size-s)").set("max-height", "10rem").set("overflow-y", "auto");
    Button restore = new Button("Restore this version", VaadinIcon.ROTATE_LEFT.create());
    restore.setId("restore-version");
    restore.setEnabled(false);
    grid.addSelectionListener(e -> {
      changes.removeAll();
      Optional<WorkflowService.VersionInfo> v = e.getFirstSelectedItem();
      restore.setEnabled(v.isPresent() && v.get().version() != baseVersion);
      v.ifPresent(info -> {
        if (info.version() == 1) {
          changes.add(new Paragraph("The first version."));
          return;
        }
        List<GraphChange> diff = workflows.diff(who.tenantId(), workflowId, info.version() - 1, info.version())
            .stream().filter(c -> !isLayoutOnly(c)).toList();
        changes.add(new Paragraph(diff.isEmpty() ? "Compared with version " + (info.version() - 1)
            + ": only steps moved on the canvas." : "Compared with version " + (info.version() - 1) + ":"));
        UnorderedList list = new UnorderedList();
        diff.forEach(c -> list.add(new ListItem(c.summary())));
        changes.add(list);
      });
    });
    restore.addClickListener(e -> grid.getSelectedItems().stream().findFirst().ifPresent(v -> {
      WorkflowService.Saved saved = workflows.restore(who.tenantId(), workflowId, v.version(), Optional.of(who.userId()));
      workspace.audit("workflow.restored", "workflow", workflowId.toString(),
          Map.of("from", v.version(), "version", saved.version()));
      dialog.close();
      load(saved.version(), false);
      Notification.show("Version " + v.version() + " restored as version " + saved.version() + ".", 4000,
          Notification.Position.TOP_CENTER).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }));
    if (dirty) {
      dialog.add(new Paragraph("Restoring replaces your unsaved changes."));
    }
    dialog.add(grid, changes);
    Button close = new Button("Close", e -> dialog.close());
    dialog.getFooter().add(close, restore);
    dialog.open();
  }

  private void openImport() {
    Dialog dialog = new Dialog();
    dialog.setId("import-dialog");
    dialog.setHeaderTitle("Import a workflow file");
    Paragraph info = new Paragraph("Choose a .switchboard.json file. It replaces what is on the canvas (your current "
        + "version stays in the history); nothing is saved until you press Save.");
    Paragraph error = new Paragraph();
    error.setId("import-error");
    error.getStyle().set("color", "#a61b1b");
    error.setVisible(false);
    Upload upload = new Upload(UploadHandler.inMemory((metadata, bytes) -> getUI().ifPresent(ui -> ui.access(() -> {
      try {
        WorkflowGraph imported = json.read(bytes);
        dialog.close();
        showGraph(json.toTree(imported), true);
        setDirty(true);
        Notification.show("Imported \"" + metadata.fileName() + "\" with " + imported.nodes().size()
            + " step(s). Save to keep it.", 5000, Notification.Position.TOP_CENTER)
            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
      } catch (WorkflowFormatException e) {
        error.setText("\"" + metadata.fileName() + "\" was not imported: " + e.getMessage()
            + e.location().map(l -> " (at " + l + ")").orElse("") + " Nothing on the canvas changed.");
        error.setVisible(true);
      }
    }))));
    upload.setMaxFiles(1);
    upload.setMaxFileSize(5 * 1024 * 1024);
    upload.setAcceptedFileTypes("application/json", ".json");
    upload.setId("import-upload");
    upload.addFileRejectedListener(e -> {
      error.setText(e.getErrorMessage());
      error.setVisible(true);
    });
    dialog.add(info, upload, error);
    dialog.setWidth("32rem");
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()));
    dialog.open();
  }

  // --- unsaved changes kept in the browser -------------------------------------------------------

  /**
   * A draft the canvas kept in this browser (the session ended, the tab closed) is offered back:
   * restored, it becomes unsaved changes against the version it was based on, so saving it over a
   * newer version asks first, as any save does.
   */
  private void offerDraft(Optional<String> text) {
    if (text.isEmpty() || summary == null) return;
    JsonNode draft;
    try {
      draft = JSON.readTree(text.get());
    } catch (JacksonException e) {
      canvas.clearDraft();
      return;
    }
    JsonNode kept = draft.path("graph");
    if (!workflowId.toString().equals(draft.path("workflowId").asString("")) || !kept.path("nodes").isArray()) {
      canvas.clearDraft();
      return;
    }
    if (sameAsSaved(kept)) {
      canvas.clearDraft(); // nothing in it that is not saved
      return;
    }
    int base = draft.path("baseVersion").asInt(summary.latestVersion());
    java.time.Instant savedAt = java.time.Instant.ofEpochMilli(draft.path("savedAt").asLong(0));
    java.time.ZoneId zone = workspace.zone();
    Dialog dialog = new Dialog();
    dialog.setId("restore-draft");
    dialog.setHeaderTitle("Unsaved changes found");
    dialog.add(new Paragraph("Restore your unsaved changes from " + WorkflowsView.WHEN.withZone(zone).format(savedAt)
        + "?"));
    dialog.add(new Paragraph(base < summary.latestVersion()
        ? "They were made on version " + base + "; version " + summary.latestVersion() + " has been saved since. "
            + "When you save, you can compare before overwriting it."
        : "They were made on version " + base + " and were not saved, for example because your session ended."));
    dialog.setWidth("32rem");
    dialog.setCloseOnOutsideClick(false);
    Button discard = new Button("Discard them", e -> {
      canvas.clearDraft();
      dialog.close();
    });
    discard.setId("discard-draft");
    Button restore = new Button("Restore", VaadinIcon.ROTATE_LEFT.create(), e -> {
      dialog.close();
      restoreDraft(kept, base);
    });
    restore.setId("restore-draft-button");
    restore.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(discard, restore);
    dialog.open();
  }

  private void restoreDraft(JsonNode kept, int base) {
    Optional<WorkflowGraph> basedOn = workflows.graph(who.tenantId(), workflowId, base);
    ObjectNode tree = json.toTree(basedOn.orElseGet(() -> workflows.graph(who.tenantId(), workflowId,
        summary.latestVersion()).orElseThrow()));
    withCanvasGraph(tree, kept);
    try {
      json.read(tree);
    } catch (WorkflowFormatException e) {
      canvas.clearDraft();
      Notification.show("Your unsaved changes could not be restored: " + e.getMessage(), 8000,
          Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
      return;
    }
    baseVersion = basedOn.isPresent() ? base : summary.latestVersion();
    keepDrafts();
    showGraph(tree, true);
    setDirty(true);
    refreshHeader();
    Notification note = Notification.show("Your unsaved changes are back. Save to keep them.", 5000,
        Notification.Position.TOP_CENTER);
    note.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    note.setId("draft-restored");
  }

  /** {@code tree} with the nodes and edges the canvas wrote (a change, or a kept draft; options null when none). */
  private static ObjectNode withCanvasGraph(ObjectNode tree, JsonNode canvasGraph) {
    ArrayNode nodes = NODES.arrayNode();
    for (JsonNode n : canvasGraph.path("nodes")) {
      if (!n.isObject()) continue;
      ObjectNode copy = ((ObjectNode) n).deepCopy();
      if (copy.path("options").isNull()) copy.remove("options");
      nodes.add(copy);
    }
    tree.set("nodes", nodes);
    tree.set("edges", canvasGraph.path("edges").isArray() ? canvasGraph.get("edges").deepCopy() : NODES.arrayNode());
    return tree;
  }

  /**
   * Whether a kept draft holds nothing the shown saved graph does not. Both are compared as the workflow
   * format reads them: the canvas writes positions and defaults in its own way (an integer where the
   * saved graph has a long, an empty config where it has none), which says nothing about the workflow.
   */
  private boolean sameAsSaved(JsonNode kept) {
    try {
      WorkflowGraph saved = json.read(graph);
      WorkflowGraph draft = json.read(withCanvasGraph(graph.deepCopy(), kept));
      return draft.nodes().equals(saved.nodes()) && draft.edges().equals(saved.edges());
    } catch (WorkflowFormatException e) {
      return false;
    }
  }

  // --- test runs -----------------------------------------------------------------------------------

  private void openRunDialog() {
    Optional<WorkflowGraph> current = readCurrent();
    if (current.isEmpty()) return;
    Optional<String> trigger = current.get().firstTrigger(nodeCatalog);
    if (trigger.isEmpty()) {
      Notification.show("Add a trigger step first, such as Manual run or Webhook: a test run starts there.", 6000,
          Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_WARNING);
      return;
    }
    JsonNode sample = current.get().node(trigger.get()).map(n -> n.config().path("samplePayload"))
        .filter(p -> !p.isMissingNode() && !p.isNull()).orElse(NODES.objectNode().set("body", NODES.objectNode()));
    Dialog dialog = new Dialog();
    dialog.setId("run-dialog");
    dialog.setHeaderTitle("Test run");
    TextArea payload = new TextArea("Trigger data (JSON)");
    payload.setId("run-payload");
    payload.setWidthFull();
    payload.setMinHeight("10em");
    payload.setValue(sample.toPrettyString());
    payload.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
    payload.setHelperText("What the trigger hands to the next steps, as if it had just arrived. "
        + "A webhook's request is {\"body\": {...}, \"query\": {...}, \"headers\": {...}}.");
    dialog.add(payload);
    if (dirty) {
      dialog.add(new Paragraph("Your changes are saved as a new version first; the run uses that version."));
    }
    dialog.setWidth("32rem");
    Button start = new Button("Run", VaadinIcon.PLAY.create(), e -> {
      JsonNode data;
      try {
        data = JSON.readTree(payload.getValue().isBlank() ? "{}" : payload.getValue());
      } catch (JacksonException ex) {
        payload.setErrorMessage("This is not valid JSON; fix it or clear the field.");
        payload.setInvalid(true);
        return;
      }
      if (dirty && !save(false)) {
        dialog.close();
        return;
      }
      dialog.close();
      startRun(trigger.get(), data);
    });
    start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    start.setId("run-start");
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), start);
    dialog.open();
  }

  /**
   * Runs the saved version as the REST API's test run does ({@code ExecutionRunner.start}, on a
   * thread of its own so the page stays live), and follows it while it goes.
   */
  private void startRun(String triggerNodeId, JsonNode payload) {
    if (watcher != null) watcher.stop();
    canvas.setStatuses(Map.of());
    lastRun = null;
    recentRun = Optional.empty();
    Set<UUID> known = history.list(who.tenantId(), new ExecutionHistory.Filter(Optional.of(workflowId), Optional.empty(),
        Optional.empty(), Optional.empty(), 10)).stream().map(ExecutionHistory.ExecutionSummary::id)
        .collect(java.util.stream.Collectors.toSet());
    showRunBanner(null, "running");
    UI ui = getUI().orElseThrow();
    RunWatcher follower = RunWatcher.followNew(ui, history, who.tenantId(), workflowId, known, detail -> {
      lastRun = detail;
      canvas.setStatuses(RunWatcher.statuses(detail.steps()));
      showRunBanner(detail.summary().id(), detail.summary().status());
      renderSide();
    });
    watcher = follower;
    ExecutionRunner.Start start = new ExecutionRunner.Start(who.tenantId(), workflowId, baseVersion, triggerNodeId,
        "manual", payload, Optional.empty(), Optional.empty());
    Thread.ofVirtual().name("test-run-" + workflowId).start(() -> {
      try {
        follower.identify(runner.start(start).id());
      } catch (RuntimeException e) {
        ui.access(() -> {
          showRunBanner(null, "failed");
          Notification.show("The test run could not start: " + e.getMessage(), 8000, Notification.Position.MIDDLE)
              .addThemeVariants(NotificationVariant.LUMO_ERROR);
        });
      }
    });
  }

  private void showRunBanner(UUID executionId, String status) {
    // executionId is null until the run is written down
    runBar.removeAll();
    Div banner = new Div();
    banner.setId("run-banner");
    banner.getStyle().set("display", "flex").set("gap", "var(--lumo-space-s)").set("align-items", "center")
        .set("padding", "var(--lumo-space-xs) 0");
    Span badge = StateBadge.of(status, status);
    badge.setId("run-status");
    banner.add(new Span("Test run:"), badge);
    if (executionId != null) {
      banner.add(new RouterLink("Open this run", ExecutionView.class,
          new com.vaadin.flow.router.RouteParameters("id", executionId.toString())));
    }
    runBar.add(banner);
  }
}
