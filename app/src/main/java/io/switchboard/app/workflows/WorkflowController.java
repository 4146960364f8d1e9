package io.switchboard.app.workflows;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.graph.GraphDiff;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowFormatException;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.workflow.WorkflowService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Workflows: create, list, read, save new versions (refused when a newer one was saved meanwhile),
 * versions, diff, restore, activate and deactivate, export, and a manual test run.
 */
@RestController
@RequestMapping("/api/v1/workflows")
public class WorkflowController {

  private final WorkflowService workflows;
  private final WorkflowJson json;
  private final ExecutionRunner runner;
  private final TenantDatabase db;
  private final AuditLog audit;
  private final io.switchboard.engine.spi.NodeCatalog catalog;

  public WorkflowController(WorkflowService workflows, WorkflowJson json, ExecutionRunner runner, TenantDatabase db,
                            AuditLog audit, io.switchboard.engine.spi.NodeCatalog catalog) {
    this.catalog = catalog;
    this.workflows = workflows;
    this.json = json;
    this.runner = runner;
    this.db = db;
    this.audit = audit;
  }

  public record Problem(String severity, String code, String nodeId, String field, String message) {
    public static List<Problem> of(List<ValidationProblem> problems) {
      return problems.stream().map(p -> new Problem(p.severity().name().toLowerCase(), p.code(),
          p.nodeId().orElse(null), p.field().orElse(null), p.message())).toList();
    }
  }

  public record WorkflowView(UUID id, String name, String description, int latestVersion, Integer activeVersion,
                             boolean active, Instant updatedAt, String webhookPath) {
    static WorkflowView of(WorkflowService.Summary s) {
      return new WorkflowView(s.id(), s.name(), s.description(), s.latestVersion(), s.activeVersion().orElse(null),
          s.active(), s.updatedAt(), s.webhookPath());
    }
  }

  public record WorkflowDetail(WorkflowView workflow, JsonNode graph, List<Problem> problems) {}

  public record CreateWorkflow(String name, String description, JsonNode graph) {}

  public record SaveVersion(JsonNode graph, String note, Integer basedOnVersion) {}

  public record Saved(UUID workflowId, int version, List<Problem> problems) {}

  public record RunRequest(JsonNode payload, Integer version) {}

  public record ActivateRequest(Integer version) {}

  @GetMapping
  public List<WorkflowView> list() {
    SwitchboardUser user = CurrentUser.require();
    return workflows.list(user.tenantId()).stream().map(WorkflowView::of).toList();
  }

  @PostMapping
  public ResponseEntity<Saved> create(@RequestBody CreateWorkflow request) {
    SwitchboardUser user = CurrentUser.require();
    if (request == null) {
      throw ApiException.badRequest("invalid_request", "Send the workflow's name and graph.");
    }
    WorkflowGraph graph = read(request.graph() == null ? emptyGraph() : request.graph());
    WorkflowService.Saved saved = refusals(() -> workflows.create(user.tenantId(), Optional.of(user.userId()),
        request.name(), request.description(), graph, "Created"));
    audited(user, "workflow.created", saved.workflowId(), Map.of("name", String.valueOf(request.name())));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new Saved(saved.workflowId(), saved.version(), Problem.of(saved.problems())));
  }

  @GetMapping("/{id}")
  public WorkflowDetail get(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    WorkflowService.Summary summary = summary(user, id);
    WorkflowGraph graph = workflows.graph(user.tenantId(), id, summary.latestVersion()).orElseThrow();
    return new WorkflowDetail(WorkflowView.of(summary), json.toTree(graph), Problem.of(workflows.validate(graph)));
  }

  @PutMapping("/{id}/graph")
  public Saved save(@PathVariable UUID id, @RequestBody SaveVersion request) {
    SwitchboardUser user = CurrentUser.require();
    summary(user, id);
    if (request == null || request.graph() == null) {
      throw ApiException.badRequest("invalid_request", "Send the workflow graph to save.");
    }
    WorkflowService.Saved saved = refusals(() -> workflows.save(user.tenantId(), id, Optional.of(user.userId()),
        read(request.graph()), request.note(), Optional.ofNullable(request.basedOnVersion())));
    audited(user, "workflow.saved", id, Map.of("version", saved.version()));
    return new Saved(saved.workflowId(), saved.version(), Problem.of(saved.problems()));
  }

  @GetMapping("/{id}/versions")
  public List<WorkflowService.VersionInfo> versions(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    summary(user, id);
    return workflows.versions(user.tenantId(), id);
  }

  @GetMapping("/{id}/versions/{version}")
  public JsonNode version(@PathVariable UUID id, @PathVariable int version) {
    SwitchboardUser user = CurrentUser.require();
    return workflows.graph(user.tenantId(), id, version).map(json::toTree)
        .orElseThrow(() -> ApiException.notFound("workflow version"));
  }

  @GetMapping("/{id}/diff")
  public ArrayNode diff(@PathVariable UUID id, @RequestParam int from, @RequestParam int to) {
    SwitchboardUser user = CurrentUser.require();
    summary(user, id);
    return GraphDiff.toJson(refusals(() -> workflows.diff(user.tenantId(), id, from, to)));
  }

  @PostMapping("/{id}/versions/{version}/restore")
  public Saved restore(@PathVariable UUID id, @PathVariable int version) {
    SwitchboardUser user = CurrentUser.require();
    summary(user, id);
    WorkflowService.Saved saved = refusals(() -> workflows.restore(user.tenantId(), id, version, Optional.of(user.userId())));
    audited(user, "workflow.restored", id, Map.of("from", version, "version", saved.version()));
    return new Saved(saved.workflowId(), saved.version(), Problem.of(saved.problems()));
  }

  @PostMapping("/{id}/activate")
  public WorkflowView activate(@PathVariable UUID id, @RequestBody(required = false) ActivateRequest request) {
    SwitchboardUser user = CurrentUser.require();
    WorkflowService.Summary summary = summary(user, id);
    int version = request == null || request.version() == null ? summary.latestVersion() : request.version();
    workflows.graph(user.tenantId(), id, version).ifPresent(graph -> {
      List<Problem> schedules = graph.nodes().stream()
          .filter(n -> io.switchboard.nodes.trigger.ScheduleTrigger.KEY.equals(n.type()) && !n.disabled())
          .flatMap(n -> io.switchboard.app.engine.ScheduleRegistrar.problem(n.config().path("cron").asString(""))
              .map(p -> new Problem("error", "invalid_schedule", n.id(), "cron", "The step \"" + n.name() + "\": " + p))
              .stream())
          .toList();
      if (!schedules.isEmpty()) {
        throw new WorkflowRefused(HttpStatus.BAD_REQUEST, "invalid_workflow",
            "This workflow cannot be switched on until its problems are fixed.", schedules);
      }
    });
    refusals(() -> {
      workflows.activate(user.tenantId(), id, version);
      return null;
    });
    audited(user, "workflow.activated", id, Map.of("version", version));
    return WorkflowView.of(summary(user, id));
  }

  @PostMapping("/{id}/deactivate")
  public WorkflowView deactivate(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    summary(user, id);
    workflows.deactivate(user.tenantId(), id);
    audited(user, "workflow.deactivated", id, Map.of());
    return WorkflowView.of(summary(user, id));
  }

  @GetMapping("/{id}/export")
  public ResponseEntity<String> export(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    WorkflowService.Summary summary = summary(user, id);
    String body = json.write(workflows.graph(user.tenantId(), id, summary.latestVersion()).orElseThrow());
    String file = summary.name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".switchboard.json";
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"").body(body);
  }

  /** A test run from the editor: runs the chosen (default: latest) version with a sample payload. */
  @PostMapping("/{id}/run")
  public ResponseEntity<ExecutionController.ExecutionView> run(@PathVariable UUID id,
                                                               @RequestBody(required = false) RunRequest request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.MEMBER, "run workflows");
    WorkflowService.Summary summary = summary(user, id);
    int version = request == null || request.version() == null ? summary.latestVersion() : request.version();
    WorkflowGraph graph = workflows.graph(user.tenantId(), id, version)
        .orElseThrow(() -> ApiException.notFound("workflow version"));
    String trigger = graph.firstTrigger(catalog).orElseThrow(() -> ApiException.badRequest(
        "no_trigger", "This workflow has no trigger step to start from. Add one, such as Manual run or Webhook."));
    JsonNode payload = request == null || request.payload() == null
        ? graph.node(trigger).map(n -> n.config().path("samplePayload")).filter(p -> !p.isMissingNode())
            .orElse(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()) : request.payload();
    ExecutionRecord done = runner.start(new ExecutionRunner.Start(user.tenantId(), id, version, trigger, "manual",
        payload, Optional.empty(), Optional.empty()));
    return ResponseEntity.status(HttpStatus.CREATED).body(ExecutionController.ExecutionView.of(done));
  }

  private WorkflowService.Summary summary(SwitchboardUser user, UUID id) {
    return workflows.find(user.tenantId(), id).orElseThrow(() -> ApiException.notFound("workflow"));
  }

  private WorkflowGraph read(JsonNode graph) {
    try {
      return json.read(graph);
    } catch (WorkflowFormatException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
    }
  }

  private static JsonNode emptyGraph() {
    return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("schemaVersion", WorkflowGraph.CURRENT_SCHEMA_VERSION);
  }

  private void audited(SwitchboardUser user, String action, UUID workflowId, Map<String, ?> details) {
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user,
        action, "workflow", workflowId.toString(), details));
  }

  static <T> T refusals(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (WorkflowService.Refused e) {
      HttpStatus status = switch (e.code()) {
        case "not_found" -> HttpStatus.NOT_FOUND;
        case "newer_version_exists" -> HttpStatus.CONFLICT;
        default -> HttpStatus.BAD_REQUEST;
      };
      throw new WorkflowRefused(status, e.code(), e.getMessage(), Problem.of(e.problems()));
    }
  }

  /** A refusal that carries the validation problems to the client. */
  public static final class WorkflowRefused extends ApiException {
    private final transient List<Problem> problems;

    WorkflowRefused(HttpStatus status, String code, String message, List<Problem> problems) {
      super(status, code, message);
      this.problems = problems;
    }

    public List<Problem> problems() {
      return problems;
    }
  }
}
