package io.switchboard.app.templates;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.graph.GraphChange;
import io.switchboard.engine.graph.WorkflowFormatException;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.templates.TemplateCatalog;
import io.switchboard.templates.TemplateManifest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The template gallery, instantiation and upgrades for workspaces; publishing for the superadmin. */
@RestController
public class TemplateController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TemplateCatalog catalog;
  private final TemplateService templates;
  private final WorkflowJson workflowJson;
  private final TenantDatabase db;
  private final AuditLog audit;

  public TemplateController(TemplateCatalog catalog, TemplateService templates, WorkflowJson workflowJson, TenantDatabase db,
                            AuditLog audit) {
    this.catalog = catalog;
    this.templates = templates;
    this.workflowJson = workflowJson;
    this.db = db;
    this.audit = audit;
  }

  public record TemplateView(UUID id, String slug, String title, String description, String category,
                             Integer publishedVersion, int latestVersion, boolean platform) {
    static TemplateView of(TemplateCatalog.Summary s) {
      return new TemplateView(s.id(), s.slug(), s.title(), s.description(), s.category(), s.publishedVersion().orElse(null),
          s.latestVersion(), s.platform());
    }
  }

  public record VersionView(int version, String status, String notes, JsonNode graph, TemplateManifest manifest) {}

  public record TemplateDetail(TemplateView template, List<VersionView> versions) {}

  public record Gallery(List<TemplateView> templates, List<PrivateView> mine) {}

  public record PrivateView(UUID id, String title, String description, String category, TemplateManifest manifest, JsonNode graph) {}

  @GetMapping("/api/v1/templates")
  public Gallery list(@RequestParam(name = "all", defaultValue = "false") boolean all) {
    SwitchboardUser user = CurrentUser.require();
    boolean drafts = all && user.superadmin();
    return new Gallery(catalog.list(drafts).stream().map(TemplateView::of).toList(),
        catalog.privateTemplates(user.tenantId()).stream().map(p -> new PrivateView(p.id(), p.title(), p.description(),
            p.category(), p.manifest(), graphJson(p.graph()))).toList());
  }

  @GetMapping("/api/v1/templates/{id}")
  public TemplateDetail get(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    TemplateCatalog.Summary s = catalog.find(id, user.superadmin()).orElseThrow(() -> ApiException.notFound("template"));
    List<VersionView> versions = catalog.versions(id).stream()
        .filter(v -> user.superadmin() || !v.status().equals("draft"))
        .map(v -> new VersionView(v.version(), v.status(), v.notes(), graphJson(v.graph()), v.manifest())).toList();
    return new TemplateDetail(TemplateView.of(s), versions);
  }

  public record InstantiateRequest(Map<String, String> inputs, String name, Boolean activate, Integer version) {}

  public record InstantiatedView(UUID workflowId, int version, boolean active, String notActiveBecause,
                                 List<io.switchboard.app.workflows.WorkflowController.Problem> problems, String connectedNumber) {
    static InstantiatedView of(TemplateService.Instantiated i) {
      return new InstantiatedView(i.workflowId(), i.version(), i.active(), i.notActiveBecause().orElse(null),
          io.switchboard.app.workflows.WorkflowController.Problem.of(i.problems()), i.connectedNumber().orElse(null));
    }
  }

  @PostMapping("/api/v1/templates/{id}/instantiate")
  public ResponseEntity<InstantiatedView> instantiate(@PathVariable UUID id, @RequestBody(required = false) InstantiateRequest request) {
    InstantiateRequest r = request == null ? new InstantiateRequest(Map.of(), null, false, null) : request;
    TemplateService.Instantiated made = templates.instantiate(CurrentUser.require(), id, Optional.ofNullable(r.version()),
        r.inputs() == null ? Map.of() : r.inputs(), Optional.ofNullable(r.name()).filter(n -> !n.isBlank()),
        Boolean.TRUE.equals(r.activate()));
    return ResponseEntity.status(HttpStatus.CREATED).body(InstantiatedView.of(made));
  }

  @PostMapping("/api/v1/templates/private/{id}/instantiate")
  public ResponseEntity<InstantiatedView> instantiatePrivate(@PathVariable UUID id,
                                                             @RequestBody(required = false) InstantiateRequest request) {
    InstantiateRequest r = request == null ? new InstantiateRequest(Map.of(), null, false, null) : request;
    TemplateService.Instantiated made = templates.instantiatePrivate(CurrentUser.require(), id,
        r.inputs() == null ? Map.of() : r.inputs(), Optional.ofNullable(r.name()).filter(n -> !n.isBlank()),
        Boolean.TRUE.equals(r.activate()));
    return ResponseEntity.status(HttpStatus.CREATED).body(InstantiatedView.of(made));
  }

  public record SavePrivateRequest(UUID workflowId, String title, String description, String category) {}

  @PostMapping("/api/v1/templates/private")
  public ResponseEntity<Map<String, UUID>> savePrivate(@RequestBody SavePrivateRequest r) {
    UUID id = templates.savePrivate(CurrentUser.require(), r.workflowId(), r.title(), r.description(), r.category());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
  }

  public record UpgradeView(boolean available, Integer fromVersion, Integer toVersion, List<GraphChange> changes) {}

  @GetMapping("/api/v1/workflows/{id}/template-upgrade")
  public UpgradeView upgradeOffer(@PathVariable UUID id) {
    return catalog.upgradeFor(CurrentUser.require().tenantId(), id)
        .map(u -> new UpgradeView(true, u.fromVersion(), u.toVersion(), u.changes()))
        .orElse(new UpgradeView(false, null, null, List.of()));
  }

  public record UpgradeRequest(Map<String, String> inputs) {}

  @PostMapping("/api/v1/workflows/{id}/template-upgrade")
  public Map<String, Object> upgrade(@PathVariable UUID id, @RequestBody(required = false) UpgradeRequest r) {
    var saved = templates.upgrade(CurrentUser.require(), id, r == null || r.inputs() == null ? Map.of() : r.inputs());
    return Map.of("workflowId", saved.workflowId(), "version", saved.version());
  }

  // ---- superadmin publishing

  public record CreateTemplate(String slug, String title, String description, String category, JsonNode graph,
                               TemplateManifest manifest, String notes) {}

  @PostMapping("/api/v1/templates")
  public ResponseEntity<TemplateDetail> create(@RequestBody CreateTemplate r) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("publish templates");
    UUID id = refusals(() -> catalog.create(r.slug(), r.title(), r.description(), r.category(), graph(r.graph()),
        r.manifest() == null ? TemplateManifest.empty() : r.manifest(), r.notes()));
    audited(user, "template.created", id, Map.of("slug", String.valueOf(r.slug())));
    return ResponseEntity.status(HttpStatus.CREATED).body(get(id));
  }

  public record AddVersion(JsonNode graph, TemplateManifest manifest, String notes) {}

  @PostMapping("/api/v1/templates/{id}/versions")
  public ResponseEntity<Map<String, Integer>> addVersion(@PathVariable UUID id, @RequestBody AddVersion r) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("publish templates");
    int version = refusals(() -> catalog.addVersion(id, graph(r.graph()), r.manifest() == null ? TemplateManifest.empty()
        : r.manifest(), r.notes()));
    audited(user, "template.version_added", id, Map.of("version", version));
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("version", version));
  }

  @PostMapping("/api/v1/templates/{id}/versions/{version}/{action:publish|deprecate}")
  public TemplateDetail setStatus(@PathVariable UUID id, @PathVariable int version, @PathVariable String action) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("publish templates");
    String status = action.equals("publish") ? "published" : "deprecated";
    refusals(() -> {
      catalog.setStatus(id, version, status);
      return null;
    });
    audited(user, "template." + status, id, Map.of("version", version));
    return get(id);
  }

  public record FromWorkflow(UUID tenantId, UUID workflowId, String slug, String title, String description, String category) {}

  @PostMapping("/api/v1/templates/from-workflow")
  public ResponseEntity<TemplateDetail> fromWorkflow(@RequestBody FromWorkflow r) {
    SwitchboardUser user = CurrentUser.require();
    TenantId owner = r.tenantId() == null ? user.tenantId() : new TenantId(r.tenantId());
    UUID id = refusals(() -> templates.publishFromWorkflow(user, owner, r.workflowId(), r.slug(), r.title(),
        r.description(), r.category()));
    audited(user, "template.created", id, Map.of("slug", String.valueOf(r.slug()), "fromWorkflow", r.workflowId().toString()));
    return ResponseEntity.status(HttpStatus.CREATED).body(get(id));
  }

  @ExceptionHandler(TemplateService.InputsMissing.class)
  public ResponseEntity<Map<String, Object>> inputsMissing(TemplateService.InputsMissing e) {
    return ResponseEntity.badRequest().body(Map.of("code", "missing_inputs", "detail", e.getMessage(), "problems", e.problems()));
  }

  private void audited(SwitchboardUser user, String action, UUID templateId, Map<String, ?> details) {
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, action, "template", templateId.toString(), details));
  }

  private WorkflowGraph graph(JsonNode json) {
    if (json == null) {
      throw ApiException.badRequest("invalid_graph", "Send the template's workflow graph.");
    }
    try {
      return workflowJson.read(json);
    } catch (WorkflowFormatException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
    }
  }

  private JsonNode graphJson(WorkflowGraph graph) {
    return JSON.readTree(workflowJson.write(graph));
  }

  private static <T> T refusals(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (TemplateCatalog.Refused e) {
      HttpStatus status = e.code().equals("not_found") ? HttpStatus.NOT_FOUND
          : e.code().equals("slug_taken") || e.code().equals("not_a_draft") ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
      throw new ApiException(status, e.code(), e.getMessage());
    }
  }
}
