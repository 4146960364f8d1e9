package io.switchboard.app.workflows;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.templates.n8n.N8nImport;
import io.switchboard.templates.n8n.N8nImporter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports an n8n workflow export as a new (inactive) workflow, whole or not at all, and answers
 * with what mapped and what needs attention.
 */
@RestController
public class WorkflowImportController {

  private final WorkflowService workflows;
  private final N8nImporter importer;
  private final TenantDatabase db;
  private final AuditLog audit;

  public WorkflowImportController(WorkflowService workflows, NodeCatalog catalog, Expressions expressions,
                                  TenantDatabase db, AuditLog audit) {
    this.workflows = workflows;
    this.importer = new N8nImporter(catalog, expressions);
    this.db = db;
    this.audit = audit;
  }

  /** The saved workflow, the mapping report and the validation problems left to fix on the canvas. */
  public record Imported(UUID workflowId, int version, String name, List<N8nImport.NodeReport> nodes, List<String> warnings,
                         Map<String, Long> summary, List<WorkflowController.Problem> problems) {}

  @PostMapping(path = "/api/v1/workflows/import/n8n")
  public ResponseEntity<Imported> importN8n(@RequestBody(required = false) byte[] file,
                                            @RequestParam(name = "name", required = false) String name) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.MEMBER, "import workflows");
    if (file == null || file.length == 0) {
      throw ApiException.badRequest("empty_file", "Send the n8n workflow export (the JSON file n8n downloads).");
    }
    N8nImport imported;
    try {
      imported = importer.read(file);
    } catch (N8nImporter.NotAnN8nExport e) {
      throw ApiException.badRequest("not_an_n8n_export", e.getMessage());
    }
    String finalName = name == null || name.isBlank() ? imported.name() : name.trim();
    WorkflowService.Saved saved = workflows.create(user.tenantId(), Optional.of(user.userId()), finalName,
        "Imported from n8n", imported.graph(), "Imported from n8n");
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "workflow.imported", "workflow",
        saved.workflowId().toString(), Map.of("from", "n8n", "nodes", imported.nodes().size())));
    Map<String, Long> summary = Map.of("mapped", imported.count("mapped"), "needsAttention", imported.count("needs_attention"),
        "unsupported", imported.count("unsupported"));
    return ResponseEntity.status(HttpStatus.CREATED).body(new Imported(saved.workflowId(), saved.version(), finalName,
        imported.nodes(), imported.warnings(), summary, WorkflowController.Problem.of(saved.problems())));
  }
}
