package io.switchboard.engine.store;

import io.switchboard.engine.execution.ExecutionState;
import io.switchboard.engine.execution.Parked;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.runner.StepRecord;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.ExecutionsRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.switchboard.schema.jooq.Tables.EXECUTIONS;
import static io.switchboard.schema.jooq.Tables.EXECUTION_STEPS;
import static io.switchboard.schema.jooq.Tables.STEP_EFFECTS;
import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.WAKEUPS;
import static io.switchboard.schema.jooq.Tables.WORKFLOWS;
import static io.switchboard.schema.jooq.Tables.WORKFLOW_VERSIONS;

/**
 * Executions in PostgreSQL, each write in one transaction under the execution's tenant: the
 * execution row (conditional on its row version), its new steps, and its wait rows brought in line
 * with the parked tokens of its state.
 */
public final class PostgresExecutionStore implements ExecutionStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int GRAPH_CACHE_SIZE = 1_000;

  private final TenantDatabase db;
  private final WorkflowJson workflowJson = new WorkflowJson();
  // Workflow versions never change, so their parsed graphs are cached.
  private final Map<String, WorkflowGraph> graphs = new ConcurrentHashMap<>();

  public PostgresExecutionStore(TenantDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<WorkflowGraph> graph(TenantId tenant, UUID workflowId, int version) {
    String key = tenant + "/" + workflowId + "/" + version;
    WorkflowGraph cached = graphs.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<WorkflowGraph> loaded = db.inTenant(tenant, tx -> tx.select(WORKFLOW_VERSIONS.GRAPH)
        .from(WORKFLOW_VERSIONS)
        .where(WORKFLOW_VERSIONS.TENANT_ID.eq(tenant.value())
            .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflowId))
            .and(WORKFLOW_VERSIONS.VERSION.eq(version)))
        .fetchOptional(WORKFLOW_VERSIONS.GRAPH))
        .map(json -> workflowJson.read(json.data()));
    loaded.ifPresent(g -> {
      if (graphs.size() >= GRAPH_CACHE_SIZE) {
        graphs.clear();
      }
      graphs.put(key, g);
    });
    return loaded;
  }

  private record CachedContext(TenantContext context, long loadedAtNanos) {}

  private final Map<TenantId, CachedContext> contexts = new ConcurrentHashMap<>();

  // Read at most every 30 s per tenant: a changed time zone or variable applies within that.
  @Override
  public TenantContext tenantContext(TenantId tenant) {
    CachedContext cached = contexts.get(tenant);
    if (cached != null && System.nanoTime() - cached.loadedAtNanos() < 30_000_000_000L) {
      return cached.context();
    }
    TenantContext loaded = db.inTenant(tenant, tx -> tx.select(TENANTS.TIMEZONE, TENANTS.SETTINGS).from(TENANTS)
        .where(TENANTS.ID.eq(tenant.value()))
        .fetchOptional(r -> {
          JsonNode variables = r.value2() == null ? null : JSON.readTree(r.value2().data()).path("variables");
          return new TenantContext(Optional.ofNullable(r.value1()),
              variables != null && variables.isObject() ? variables : JSON.createObjectNode());
        }))
        .orElseGet(() -> new TenantContext(Optional.empty(), JSON.createObjectNode()));
    if (contexts.size() > 10_000) {
      contexts.clear();
    }
    contexts.put(tenant, new CachedContext(loaded, System.nanoTime()));
    return loaded;
  }

  @Override
  public Optional<Integer> activeVersion(TenantId tenant, UUID workflowId) {
    return db.inTenant(tenant, tx -> tx.select(WORKFLOWS.ACTIVE_VERSION).from(WORKFLOWS)
        .where(WORKFLOWS.TENANT_ID.eq(tenant.value()).and(WORKFLOWS.ID.eq(workflowId)))
        .fetchOptional(WORKFLOWS.ACTIVE_VERSION)).filter(v -> v != null);
  }

  private static final String INSERT_EXECUTION = "insert into executions (tenant_id, id, workflow_id, "
      + "workflow_version, status, trigger_kind, trigger_node, trigger_payload, state, parent_execution_id, replay_of, "
      + "error, output, created_at, started_at, finished_at, lease_owner, lease_until, row_version) values "
      + "(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_STEP = "insert into execution_steps (tenant_id, execution_id, seq, node_id, "
      + "node_name, attempt, status, input, config, output, port, error, started_at, finished_at, idempotency_key, "
      + "truncated) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?)";

  // The execution insert and the steps insert run for every execution: plain JDBC with fixed SQL,
  // so no SQL is rendered per call (jOOQ's rendering was a quarter of the hot path's CPU).
  @Override
  public void insert(ExecutionRecord e, List<StepRecord> steps, Optional<String> leaseOwner, Instant leaseUntil) {
    db.runInTenant(e.tenant(), tx -> tx.connection(c -> {
      try (java.sql.PreparedStatement ps = c.prepareStatement(INSERT_EXECUTION)) {
        ps.setObject(1, e.tenant().value());
        ps.setObject(2, e.id());
        ps.setObject(3, e.workflowId());
        ps.setInt(4, e.workflowVersion());
        ps.setString(5, e.status().dbValue());
        ps.setString(6, e.triggerKind());
        ps.setString(7, e.triggerNode());
        ps.setString(8, text(e.triggerPayload()));
        ps.setString(9, JSON.writeValueAsString(e.state()));
        ps.setObject(10, e.parentExecutionId().orElse(null));
        ps.setObject(11, e.replayOf().orElse(null));
        ps.setString(12, e.error().map(PostgresExecutionStore::text).orElse(null));
        ps.setString(13, e.output().map(PostgresExecutionStore::text).orElse(null));
        ps.setObject(14, utc(e.createdAt()));
        ps.setObject(15, e.startedAt().map(PostgresExecutionStore::utc).orElse(null));
        ps.setObject(16, e.finishedAt().map(PostgresExecutionStore::utc).orElse(null));
        ps.setString(17, leaseOwner.orElse(null));
        ps.setObject(18, leaseOwner.map(o -> utc(leaseUntil)).orElse(null));
        ps.setLong(19, e.rowVersion());
        ps.executeUpdate();
      }
      insertSteps(c, e, steps);
      if (!e.state().parked().isEmpty()) {
        syncWaits(DSL.using(c, org.jooq.SQLDialect.POSTGRES), e, true);
      }
    }));
  }

  @Override
  public ExecutionRecord update(ExecutionRecord e, List<StepRecord> steps, Optional<String> leaseOwner,
                                Instant leaseUntil) {
    return db.inTenant(e.tenant(), tx -> {
      Long newVersion = tx.update(EXECUTIONS)
          .set(EXECUTIONS.STATUS, e.status().dbValue())
          .set(EXECUTIONS.STATE, jsonb(JSON.valueToTree(e.state())))
          .set(EXECUTIONS.ERROR, e.error().map(PostgresExecutionStore::jsonb).orElse(null))
          .set(EXECUTIONS.OUTPUT, e.output().map(PostgresExecutionStore::jsonb).orElse(null))
          .set(EXECUTIONS.STARTED_AT, e.startedAt().map(PostgresExecutionStore::utc).orElse(null))
          .set(EXECUTIONS.FINISHED_AT, e.finishedAt().map(PostgresExecutionStore::utc).orElse(null))
          .set(EXECUTIONS.LEASE_OWNER, leaseOwner.orElse(null))
          .set(EXECUTIONS.LEASE_UNTIL, leaseOwner.map(o -> utc(leaseUntil)).orElse(null))
          .set(EXECUTIONS.ROW_VERSION, EXECUTIONS.ROW_VERSION.plus(1))
          .where(EXECUTIONS.TENANT_ID.eq(e.tenant().value())
              .and(EXECUTIONS.ID.eq(e.id()))
              .and(EXECUTIONS.ROW_VERSION.eq(e.rowVersion())))
          .returning(EXECUTIONS.ROW_VERSION)
          .fetchOptional(EXECUTIONS.ROW_VERSION)
          .orElseThrow(() -> new ConcurrentUpdateException(e.id()));
      tx.connection(c -> insertSteps(c, e, steps));
      syncWaits(tx, e, false);
      return e.withRowVersion(newVersion);
    });
  }

  @Override
  public Optional<ExecutionRecord> load(TenantId tenant, UUID executionId) {
    return db.inTenant(tenant, tx -> tx.selectFrom(EXECUTIONS)
        .where(EXECUTIONS.TENANT_ID.eq(tenant.value()).and(EXECUTIONS.ID.eq(executionId)))
        .fetchOptional(PostgresExecutionStore::record));
  }

  @Override
  public Optional<ExecutionRecord> acquire(TenantId tenant, UUID executionId, String owner, Instant now, Instant until) {
    return db.inTenant(tenant, tx -> tx.update(EXECUTIONS)
        .set(EXECUTIONS.LEASE_OWNER, owner)
        .set(EXECUTIONS.LEASE_UNTIL, utc(until))
        .set(EXECUTIONS.ROW_VERSION, EXECUTIONS.ROW_VERSION.plus(1))
        .where(EXECUTIONS.TENANT_ID.eq(tenant.value())
            .and(EXECUTIONS.ID.eq(executionId))
            .and(EXECUTIONS.LEASE_OWNER.isNull()
                .or(EXECUTIONS.LEASE_UNTIL.lt(utc(now)))
                .or(EXECUTIONS.LEASE_OWNER.eq(owner))))
        .returning()
        .fetchOptional(PostgresExecutionStore::record));
  }

  @Override
  public boolean renewLease(TenantId tenant, UUID executionId, String owner, Instant until) {
    return db.inTenant(tenant, tx -> tx.update(EXECUTIONS)
        .set(EXECUTIONS.LEASE_UNTIL, utc(until))
        .where(EXECUTIONS.TENANT_ID.eq(tenant.value()).and(EXECUTIONS.ID.eq(executionId))
            .and(EXECUTIONS.LEASE_OWNER.eq(owner)))
        .execute() == 1);
  }

  @Override
  public List<DueWait> claimDue(Instant now, int limit, String owner, Instant until) {
    return db.platform(tx -> tx.resultQuery("select * from claim_due_wakeups({0}, {1}, {2}, {3})",
            utc(now), limit, owner, utc(until))
        .fetch(PostgresExecutionStore::dueWait));
  }

  @Override
  public List<StaleExecution> claimStale(Instant now, int limit, String owner, Instant until) {
    return db.platform(tx -> tx.resultQuery("select * from claim_stale_executions({0}, {1}, {2}, {3})",
            utc(now), limit, owner, utc(until))
        .fetch(r -> new StaleExecution(new TenantId(r.get("tenant_id", UUID.class)), r.get("execution_id", UUID.class))));
  }

  @Override
  public List<DueWait> waitsFor(TenantId tenant, String eventKey) {
    return db.inTenant(tenant, tx -> tx.select(WAKEUPS.TENANT_ID, WAKEUPS.EXECUTION_ID, WAKEUPS.TOKEN_ID,
            WAKEUPS.DUE_AT, WAKEUPS.EVENT_KEY, WAKEUPS.EVENT_PAYLOAD)
        .from(WAKEUPS)
        .where(WAKEUPS.TENANT_ID.eq(tenant.value()).and(WAKEUPS.EVENT_KEY.eq(eventKey)))
        .fetch(PostgresExecutionStore::dueWait));
  }

  @Override
  public void holdEvent(TenantId tenant, UUID executionId, String tokenId, JsonNode payload, Instant at) {
    db.runInTenant(tenant, tx -> tx.update(WAKEUPS)
        .set(WAKEUPS.EVENT_PAYLOAD, jsonb(payload))
        .set(WAKEUPS.DUE_AT, utc(at))
        .setNull(WAKEUPS.CLAIMED_BY)
        .setNull(WAKEUPS.CLAIMED_UNTIL)
        .where(WAKEUPS.TENANT_ID.eq(tenant.value())
            .and(WAKEUPS.EXECUTION_ID.eq(executionId))
            .and(WAKEUPS.TOKEN_ID.eq(tokenId)))
        .execute());
  }

  @Override
  public void removeWait(TenantId tenant, UUID executionId, String tokenId) {
    db.runInTenant(tenant, tx -> tx.deleteFrom(WAKEUPS)
        .where(WAKEUPS.TENANT_ID.eq(tenant.value())
            .and(WAKEUPS.EXECUTION_ID.eq(executionId))
            .and(WAKEUPS.TOKEN_ID.eq(tokenId)))
        .execute());
  }

  @Override
  public boolean recordEffect(TenantId tenant, UUID executionId, String idempotencyKey, JsonNode result) {
    return db.inTenant(tenant, tx -> tx.insertInto(STEP_EFFECTS)
        .set(STEP_EFFECTS.TENANT_ID, tenant.value())
        .set(STEP_EFFECTS.IDEMPOTENCY_KEY, idempotencyKey)
        .set(STEP_EFFECTS.EXECUTION_ID, executionId)
        .set(STEP_EFFECTS.RESULT, jsonb(result))
        .onConflictDoNothing()
        .execute() == 1);
  }

  @Override
  public Optional<JsonNode> recordedEffect(TenantId tenant, String idempotencyKey) {
    return db.inTenant(tenant, tx -> tx.select(STEP_EFFECTS.RESULT).from(STEP_EFFECTS)
        .where(STEP_EFFECTS.TENANT_ID.eq(tenant.value()).and(STEP_EFFECTS.IDEMPOTENCY_KEY.eq(idempotencyKey)))
        .fetchOptional(STEP_EFFECTS.RESULT))
        .map(j -> JSON.readTree(j.data()));
  }

  private static void insertSteps(java.sql.Connection c, ExecutionRecord e, List<StepRecord> steps)
      throws java.sql.SQLException {
    if (steps.isEmpty()) {
      return;
    }
    try (java.sql.PreparedStatement ps = c.prepareStatement(INSERT_STEP)) {
      for (StepRecord s : steps) {
        ps.setObject(1, e.tenant().value());
        ps.setObject(2, e.id());
        ps.setInt(3, s.seq());
        ps.setString(4, s.nodeId());
        ps.setString(5, s.nodeName());
        ps.setInt(6, s.attempt());
        ps.setString(7, s.status());
        ps.setString(8, text(s.input()));
        ps.setString(9, text(s.config()));
        ps.setString(10, s.output().map(PostgresExecutionStore::text).orElse(null));
        ps.setString(11, s.port().orElse(null));
        ps.setString(12, s.error().map(PostgresExecutionStore::text).orElse(null));
        ps.setObject(13, utc(s.startedAt()));
        ps.setObject(14, utc(s.finishedAt()));
        ps.setString(15, s.idempotencyKey());
        ps.setBoolean(16, s.truncated());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  // The wait rows of an execution are exactly its parked tokens.
  private static void syncWaits(DSLContext tx, ExecutionRecord e, boolean fresh) {
    Map<String, Parked> parked = e.state().parked();
    if (!fresh) {
      tx.deleteFrom(WAKEUPS)
          .where(WAKEUPS.TENANT_ID.eq(e.tenant().value())
              .and(WAKEUPS.EXECUTION_ID.eq(e.id()))
              .and(parked.isEmpty() ? DSL.trueCondition() : WAKEUPS.TOKEN_ID.notIn(parked.keySet())))
          .execute();
    }
    if (parked.isEmpty()) {
      return;
    }
    var insert = tx.insertInto(WAKEUPS, WAKEUPS.TENANT_ID, WAKEUPS.EXECUTION_ID, WAKEUPS.TOKEN_ID, WAKEUPS.DUE_AT,
        WAKEUPS.EVENT_KEY, WAKEUPS.REASON);
    for (Map.Entry<String, Parked> p : parked.entrySet()) {
      insert = insert.values(e.tenant().value(), e.id(), p.getKey(),
          p.getValue().dueAt().map(PostgresExecutionStore::utc).orElse(null), p.getValue().eventKey().orElse(null),
          p.getValue().reason());
    }
    insert.onConflict(WAKEUPS.TENANT_ID, WAKEUPS.EXECUTION_ID, WAKEUPS.TOKEN_ID)
        .doUpdate()
        .set(WAKEUPS.DUE_AT, DSL.excluded(WAKEUPS.DUE_AT))
        .set(WAKEUPS.EVENT_KEY, DSL.excluded(WAKEUPS.EVENT_KEY))
        .set(WAKEUPS.REASON, DSL.excluded(WAKEUPS.REASON))
        .setNull(WAKEUPS.CLAIMED_BY)
        .setNull(WAKEUPS.CLAIMED_UNTIL)
        .where(WAKEUPS.EVENT_PAYLOAD.isNull()   // a held event stays due until it is delivered
            .and(DSL.row(WAKEUPS.DUE_AT, WAKEUPS.EVENT_KEY, WAKEUPS.REASON)
            .isDistinctFrom(DSL.row(DSL.excluded(WAKEUPS.DUE_AT), DSL.excluded(WAKEUPS.EVENT_KEY),
                DSL.excluded(WAKEUPS.REASON)))))
        .execute();
  }

  private static ExecutionRecord record(ExecutionsRecord r) {
    return new ExecutionRecord(new TenantId(r.getTenantId()), r.getId(), r.getWorkflowId(), r.getWorkflowVersion(),
        ExecutionStatus.fromDb(r.getStatus()), r.getTriggerKind(), r.getTriggerNode(),
        JSON.readTree(r.getTriggerPayload().data()),
        r.getState() == null ? null : JSON.readValue(r.getState().data(), ExecutionState.class),
        Optional.ofNullable(r.getParentExecutionId()), Optional.ofNullable(r.getReplayOf()),
        Optional.ofNullable(r.getError()).map(j -> JSON.readTree(j.data())),
        Optional.ofNullable(r.getOutput()).map(j -> JSON.readTree(j.data())),
        r.getCreatedAt().toInstant(), Optional.ofNullable(r.getStartedAt()).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.getFinishedAt()).map(OffsetDateTime::toInstant), r.getRowVersion());
  }

  private static DueWait dueWait(Record r) {
    return new DueWait(new TenantId(r.get("tenant_id", UUID.class)), r.get("execution_id", UUID.class),
        r.get("token_id", String.class), Optional.ofNullable(r.get("due_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.get("event_key", String.class)),
        Optional.ofNullable(r.get("event_payload", JSONB.class)).map(j -> JSON.readTree(j.data())));
  }

  private static String text(JsonNode node) {
    return JSON.writeValueAsString(node);
  }

  static JSONB jsonb(JsonNode node) {
    return JSONB.valueOf(JSON.writeValueAsString(node));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
