package io.switchboard.engine.workflow;

import io.switchboard.engine.graph.GraphChange;
import io.switchboard.engine.graph.GraphDiff;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.WorkflowsRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.WORKFLOWS;
import static io.switchboard.schema.jooq.Tables.WORKFLOW_VERSIONS;

/**
 * Workflows and their versions. Saving makes a new immutable version; executions pin the version
 * they started on; activation picks the version new executions run, and is refused while the
 * version has validation errors. Old versions can be compared and restored (as a new version).
 */
public final class WorkflowService {

  private final TenantDatabase db;
  private final WorkflowJson json;
  private final GraphValidator validator;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();
  private final List<ActivationListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Told after a workflow's active version changes (activated, switched, deactivated), so triggers
   * that live outside the database — schedules — follow. {@code graph} is empty when deactivated.
   */
  @FunctionalInterface
  public interface ActivationListener {
    void activeVersionChanged(TenantId tenant, UUID workflowId, Optional<Integer> version, Optional<WorkflowGraph> graph);
  }

  public void addActivationListener(ActivationListener listener) {
    listeners.add(listener);
  }

  /**
   * Asked before a workflow is switched on (a plan's limit of active workflows): throws
   * {@link Refused} with the reason when it may not be.
   */
  @FunctionalInterface
  public interface ActivationGuard {
    void beforeActivation(TenantId tenant, UUID workflowId, WorkflowGraph graph);
  }

  private final List<ActivationGuard> guards = new java.util.concurrent.CopyOnWriteArrayList<>();

  public void addActivationGuard(ActivationGuard guard) {
    guards.add(guard);
  }

  public WorkflowService(TenantDatabase db, WorkflowJson json, GraphValidator validator, InstantSource clock) {
    this.db = db;
    this.json = json;
    this.validator = validator;
    this.clock = clock;
  }

  /** A workflow as listed. */
  public record Summary(UUID id, String name, String description, int latestVersion, Optional<Integer> activeVersion,
                        Instant updatedAt, String webhookPath) {
    public boolean active() {
      return activeVersion.isPresent();
    }
  }

  /** A saved version and what validation found in it. */
  public record Saved(UUID workflowId, int version, List<ValidationProblem> problems) {}

  public record VersionInfo(int version, String note, Optional<UUID> createdBy, Instant createdAt) {}

  /** Why a change to a workflow was refused; {@code code} is stable. */
  public static final class Refused extends RuntimeException {
    private final String code;
    private final List<ValidationProblem> problems;

    public Refused(String code, String message, List<ValidationProblem> problems) {
      super(message);
      this.code = code;
      this.problems = List.copyOf(problems);
    }

    public String code() {
      return code;
    }

    public List<ValidationProblem> problems() {
      return problems;
    }
  }

  public List<ValidationProblem> validate(WorkflowGraph graph) {
    return validator.validate(graph);
  }

  /** Creates a workflow with its first version. */
  public Saved create(TenantId tenant, Optional<UUID> actor, String name, String description, WorkflowGraph graph,
                      String note) {
    String cleanName = name == null ? "" : name.trim();
    if (cleanName.isEmpty() || cleanName.length() > 200) {
      throw new Refused("invalid_name", "Give the workflow a name of at most 200 characters.", List.of());
    }
    UUID id = UUID.randomUUID();
    db.runInTenant(tenant, tx -> {
      tx.insertInto(WORKFLOWS)
          .set(WORKFLOWS.TENANT_ID, tenant.value())
          .set(WORKFLOWS.ID, id)
          .set(WORKFLOWS.NAME, cleanName)
          .set(WORKFLOWS.DESCRIPTION, description == null ? "" : description.trim())
          .set(WORKFLOWS.LATEST_VERSION, 1)
          .set(WORKFLOWS.WEBHOOK_SECRET, newSecret())
          .set(WORKFLOWS.CREATED_BY, actor.orElse(null))
          .set(WORKFLOWS.CREATED_AT, now())
          .set(WORKFLOWS.UPDATED_AT, now())
          .execute();
      insertVersion(tx, tenant, id, 1, graph, note, actor);
    });
    return new Saved(id, 1, validator.validate(graph));
  }

  /**
   * Saves a new version. With {@code basedOn}, refuses when someone saved a newer version since
   * (the editor then offers to compare before overwriting).
   */
  public Saved save(TenantId tenant, UUID workflowId, Optional<UUID> actor, WorkflowGraph graph, String note,
                    Optional<Integer> basedOn) {
    int version = db.inTenant(tenant, tx -> {
      WorkflowsRecord w = lockWorkflow(tx, tenant, workflowId);
      if (basedOn.isPresent() && basedOn.get() != w.getLatestVersion()) {
        throw new Refused("newer_version_exists", "Someone saved version " + w.getLatestVersion()
            + " of this workflow after the version " + basedOn.get() + " you were editing. Compare the two before saving over it.",
            List.of());
      }
      int next = w.getLatestVersion() + 1;
      insertVersion(tx, tenant, workflowId, next, graph, note, actor);
      tx.update(WORKFLOWS).set(WORKFLOWS.LATEST_VERSION, next).set(WORKFLOWS.UPDATED_AT, now())
          .where(WORKFLOWS.TENANT_ID.eq(tenant.value()).and(WORKFLOWS.ID.eq(workflowId))).execute();
      return next;
    });
    return new Saved(workflowId, version, validator.validate(graph));
  }

  /** Saves an old version's graph again as the newest version. */
  public Saved restore(TenantId tenant, UUID workflowId, int version, Optional<UUID> actor) {
    WorkflowGraph old = graph(tenant, workflowId, version)
        .orElseThrow(() -> new Refused("not_found", "This workflow has no version " + version + ".", List.of()));
    return save(tenant, workflowId, actor, old, "Restored from version " + version, Optional.empty());
  }

  public List<Summary> list(TenantId tenant) {
    return db.inTenant(tenant, tx -> tx.selectFrom(WORKFLOWS)
        .where(WORKFLOWS.TENANT_ID.eq(tenant.value()))
        .orderBy(WORKFLOWS.UPDATED_AT.desc())
        .fetch(WorkflowService::summary));
  }

  public Optional<Summary> find(TenantId tenant, UUID workflowId) {
    return db.inTenant(tenant, tx -> tx.selectFrom(WORKFLOWS)
        .where(WORKFLOWS.TENANT_ID.eq(tenant.value()).and(WORKFLOWS.ID.eq(workflowId)))
        .fetchOptional(WorkflowService::summary));
  }

  public Optional<WorkflowGraph> graph(TenantId tenant, UUID workflowId, int version) {
    return db.inTenant(tenant, tx -> tx.select(WORKFLOW_VERSIONS.GRAPH).from(WORKFLOW_VERSIONS)
        .where(WORKFLOW_VERSIONS.TENANT_ID.eq(tenant.value())
            .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflowId))
            .and(WORKFLOW_VERSIONS.VERSION.eq(version)))
        .fetchOptional(WORKFLOW_VERSIONS.GRAPH))
        .map(j -> json.read(j.data()));
  }

  public List<VersionInfo> versions(TenantId tenant, UUID workflowId) {
    return db.inTenant(tenant, tx -> tx.select(WORKFLOW_VERSIONS.VERSION, WORKFLOW_VERSIONS.NOTE,
            WORKFLOW_VERSIONS.CREATED_BY, WORKFLOW_VERSIONS.CREATED_AT)
        .from(WORKFLOW_VERSIONS)
        .where(WORKFLOW_VERSIONS.TENANT_ID.eq(tenant.value()).and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflowId)))
        .orderBy(WORKFLOW_VERSIONS.VERSION.desc())
        .fetch(r -> new VersionInfo(r.value1(), r.value2(), Optional.ofNullable(r.value3()), r.value4().toInstant())));
  }

  public List<GraphChange> diff(TenantId tenant, UUID workflowId, int from, int to) {
    WorkflowGraph before = graph(tenant, workflowId, from)
        .orElseThrow(() -> new Refused("not_found", "This workflow has no version " + from + ".", List.of()));
    WorkflowGraph after = graph(tenant, workflowId, to)
        .orElseThrow(() -> new Refused("not_found", "This workflow has no version " + to + ".", List.of()));
    return GraphDiff.between(before, after);
  }

  /** Makes {@code version} the one new executions run; refused while it has validation errors. */
  public void activate(TenantId tenant, UUID workflowId, int version) {
    WorkflowGraph graph = graph(tenant, workflowId, version)
        .orElseThrow(() -> new Refused("not_found", "This workflow has no version " + version + ".", List.of()));
    List<ValidationProblem> problems = validator.validate(graph);
    if (GraphValidator.hasErrors(problems)) {
      throw new Refused("invalid_workflow", "This workflow cannot be switched on until its problems are fixed.", problems);
    }
    guards.forEach(g -> g.beforeActivation(tenant, workflowId, graph));
    db.runInTenant(tenant, tx -> {
      lockWorkflow(tx, tenant, workflowId);
      tx.update(WORKFLOWS)
          .set(WORKFLOWS.ACTIVE_VERSION, version)
          .set(WORKFLOWS.UPDATED_AT, now())
          .where(WORKFLOWS.TENANT_ID.eq(tenant.value()).and(WORKFLOWS.ID.eq(workflowId)))
          .execute();
    });
    listeners.forEach(l -> l.activeVersionChanged(tenant, workflowId, Optional.of(version), Optional.of(graph)));
  }

  public void deactivate(TenantId tenant, UUID workflowId) {
    db.runInTenant(tenant, tx -> {
      lockWorkflow(tx, tenant, workflowId);
      tx.update(WORKFLOWS).setNull(WORKFLOWS.ACTIVE_VERSION).set(WORKFLOWS.UPDATED_AT, now())
          .where(WORKFLOWS.TENANT_ID.eq(tenant.value()).and(WORKFLOWS.ID.eq(workflowId))).execute();
    });
    listeners.forEach(l -> l.activeVersionChanged(tenant, workflowId, Optional.empty(), Optional.empty()));
  }

  private void insertVersion(DSLContext tx, TenantId tenant, UUID workflowId, int version, WorkflowGraph graph,
                             String note, Optional<UUID> actor) {
    tx.insertInto(WORKFLOW_VERSIONS)
        .set(WORKFLOW_VERSIONS.TENANT_ID, tenant.value())
        .set(WORKFLOW_VERSIONS.WORKFLOW_ID, workflowId)
        .set(WORKFLOW_VERSIONS.VERSION, version)
        .set(WORKFLOW_VERSIONS.GRAPH, JSONB.valueOf(json.write(graph)))
        .set(WORKFLOW_VERSIONS.NOTE, note == null ? "" : note)
        .set(WORKFLOW_VERSIONS.CREATED_BY, actor.orElse(null))
        .set(WORKFLOW_VERSIONS.CREATED_AT, now())
        .execute();
  }

  private static WorkflowsRecord lockWorkflow(DSLContext tx, TenantId tenant, UUID workflowId) {
    WorkflowsRecord w = tx.selectFrom(WORKFLOWS)
        .where(WORKFLOWS.TENANT_ID.eq(tenant.value()).and(WORKFLOWS.ID.eq(workflowId)))
        .forUpdate()
        .fetchOne();
    if (w == null) {
      throw new Refused("not_found", "No workflow with that id in your workspace.", List.of());
    }
    return w;
  }

  private String newSecret() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private java.time.OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  private static Summary summary(WorkflowsRecord r) {
    return new Summary(r.getId(), r.getName(), r.getDescription(), r.getLatestVersion(),
        Optional.ofNullable(r.getActiveVersion()), r.getUpdatedAt().toInstant(),
        WebhookAddress.path(new TenantId(r.getTenantId()), r.getId(), r.getWebhookSecret()));
  }
}
