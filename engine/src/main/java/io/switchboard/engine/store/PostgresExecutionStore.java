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
import org.jooq.JSONB;
import org.jooq.Record;
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

  // The new steps of a write, read from one JSON array: part of the execution's own statement.
  private static final String STEPS_FROM_JSON = "insert into execution_steps (tenant_id, execution_id, seq, node_id, "
      + "node_name, attempt, status, input, config, output, port, error, started_at, finished_at, idempotency_key, "
      + "truncated) select u.tenant_id, u.id, x.seq, x.node_id, x.node_name, x.attempt, x.status, x.input, x.config, "
      + "x.output, x.port, x.error, x.started_at, x.finished_at, x.idempotency_key, x.truncated from u, "
      + "jsonb_to_recordset(?::jsonb) as x(seq integer, node_id text, node_name text, attempt integer, status text, "
      + "input jsonb, config jsonb, output jsonb, port text, error jsonb, started_at timestamptz, "
      + "finished_at timestamptz, idempotency_key text, truncated boolean)";

  private static final String INSERT_EXECUTION = "with u as (insert into executions (tenant_id, id, workflow_id, "
      + "workflow_version, status, trigger_kind, trigger_node, trigger_payload, state, parent_execution_id, replay_of, "
      + "error, output, created_at, started_at, finished_at, lease_owner, lease_until, row_version) values "
      + "(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?) returning tenant_id, id) "
      + STEPS_FROM_JSON;

  // Every execution is written here, with its steps in the same statement: plain JDBC with fixed SQL,
  // so no SQL is rendered per call (jOOQ's rendering was a quarter of the hot path's CPU).
  @Override
  public void insert(ExecutionRecord e, List<StepRecord> steps, Optional<String> leaseOwner, Instant leaseUntil) {
    write(e, INSERT_EXECUTION, (ps, first) -> bindInsert(ps, first, e, steps, leaseOwner, leaseUntil), ps -> null);
  }

  /**
   * Writes an execution with {@code sql}: alone, in one round trip (the common case: a step, the end,
   * a queued run), or, when it parks waits, in a transaction with its wake-up rows. {@code reader}
   * throws to undo the write (a lost race).
   */
  private void write(ExecutionRecord e, String sql, TenantDatabase.Binder binder, TenantDatabase.Reader<Void> reader) {
    if (e.state().parked().isEmpty()) {
      db.oneStatement(e.tenant(), sql, binder, reader);
      return;
    }
    db.runInTenant(e.tenant(), tx -> {
      db.oneStatement(e.tenant(), sql, binder, reader); // joins this transaction
      tx.connection(c -> upsertWaits(c, e));
    });
  }

  private void bindInsert(java.sql.PreparedStatement ps, int first, ExecutionRecord e, List<StepRecord> steps,
                          Optional<String> leaseOwner, Instant leaseUntil) throws java.sql.SQLException {
    int i = first;
    ps.setObject(i++, e.tenant().value());
    ps.setObject(i++, e.id());
    ps.setObject(i++, e.workflowId());
    ps.setInt(i++, e.workflowVersion());
    ps.setString(i++, e.status().dbValue());
    ps.setString(i++, e.triggerKind());
    ps.setString(i++, e.triggerNode());
    ps.setString(i++, text(e.triggerPayload()));
    ps.setString(i++, JSON.writeValueAsString(e.state()));
    ps.setObject(i++, e.parentExecutionId().orElse(null));
    ps.setObject(i++, e.replayOf().orElse(null));
    ps.setString(i++, e.error().map(PostgresExecutionStore::text).orElse(null));
    ps.setString(i++, e.output().map(PostgresExecutionStore::text).orElse(null));
    ps.setObject(i++, utc(e.createdAt()));
    ps.setObject(i++, e.startedAt().map(PostgresExecutionStore::utc).orElse(null));
    ps.setObject(i++, e.finishedAt().map(PostgresExecutionStore::utc).orElse(null));
    ps.setString(i++, leaseOwner.orElse(null));
    ps.setObject(i++, leaseOwner.map(o -> utc(leaseUntil)).orElse(null));
    ps.setLong(i++, e.rowVersion());
    ps.setString(i, stepsJson(steps));
  }

  // One statement per write, because every step of every execution ends in one: the execution's row
  // (only at the row version this runner read), its new steps and the removal of the waits it no
  // longer has, the last two depending on the first, so a lost race changes nothing.
  private static final String UPDATE_EXECUTION = "with u as (update executions set status = ?, state = ?::jsonb, "
      + "error = ?::jsonb, output = ?::jsonb, started_at = ?, finished_at = ?, lease_owner = ?, lease_until = ?, "
      + "row_version = row_version + 1 where tenant_id = ? and id = ? and row_version = ? returning tenant_id, id), "
      + "s as (" + STEPS_FROM_JSON + "), "
      + "d as (delete from wakeups w using u where w.tenant_id = u.tenant_id and w.execution_id = u.id "
      + "and not (w.token_id = any (?))) select count(*) from u";

  @Override
  public ExecutionRecord update(ExecutionRecord e, List<StepRecord> steps, Optional<String> leaseOwner,
                                Instant leaseUntil) {
    write(e, UPDATE_EXECUTION, (ps, first) -> bindUpdate(ps, first, e, steps, leaseOwner, leaseUntil), ps -> {
      if (!oneRowUpdated(ps)) {
        throw new ConcurrentUpdateException(e.id());
      }
      return null;
    });
    return e.withRowVersion(e.rowVersion() + 1);
  }

  private void bindUpdate(java.sql.PreparedStatement ps, int first, ExecutionRecord e, List<StepRecord> steps,
                          Optional<String> leaseOwner, Instant leaseUntil) throws java.sql.SQLException {
    int i = first;
    ps.setString(i++, e.status().dbValue());
    ps.setString(i++, JSON.writeValueAsString(e.state()));
    ps.setString(i++, e.error().map(PostgresExecutionStore::text).orElse(null));
    ps.setString(i++, e.output().map(PostgresExecutionStore::text).orElse(null));
    ps.setObject(i++, e.startedAt().map(PostgresExecutionStore::utc).orElse(null));
    ps.setObject(i++, e.finishedAt().map(PostgresExecutionStore::utc).orElse(null));
    ps.setString(i++, leaseOwner.orElse(null));
    ps.setObject(i++, leaseOwner.map(o -> utc(leaseUntil)).orElse(null));
    ps.setObject(i++, e.tenant().value());
    ps.setObject(i++, e.id());
    ps.setLong(i++, e.rowVersion());
    ps.setString(i++, stepsJson(steps));
    ps.setArray(i, ps.getConnection().createArrayOf("text", e.state().parked().keySet().toArray()));
  }

  // The update's count of rows changed: 1, or 0 when another runner changed the execution first.
  private static boolean oneRowUpdated(java.sql.PreparedStatement ps) throws java.sql.SQLException {
    try (java.sql.ResultSet rs = ps.getResultSet()) {
      return rs != null && rs.next() && rs.getInt(1) == 1;
    }
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

  private static final String CLAIM_DUE_WITH_STATE = "select * from claim_due_with_state(?, ?, ?, ?)";

  @Override
  public List<ClaimedWait> claimDueWithState(Instant now, int limit, String claimer, Instant claimUntil) {
    return db.platform(tx -> tx.connectionResult(c -> {
      List<ClaimedWait> claimed = new java.util.ArrayList<>();
      java.util.Set<UUID> handedOut = new java.util.HashSet<>();
      try (java.sql.PreparedStatement ps = c.prepareStatement(CLAIM_DUE_WITH_STATE)) {
        ps.setObject(1, utc(now));
        ps.setInt(2, limit);
        ps.setString(3, claimer);
        ps.setObject(4, utc(claimUntil));
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            TenantId tenant = new TenantId(rs.getObject("tenant_id", UUID.class));
            UUID executionId = rs.getObject("execution_id", UUID.class);
            String payload = rs.getString("event_payload");
            DueWait wait = new DueWait(tenant, executionId, rs.getString("token_id"),
                Optional.ofNullable(rs.getObject("due_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(rs.getString("event_key")), Optional.ofNullable(payload).map(JSON::readTree));
            // one execution's record goes with its first wait only: the others take it as before
            Optional<ExecutionRecord> execution = rs.getBoolean("has_state") && handedOut.add(executionId)
                ? Optional.of(claimedRecord(tenant, executionId, rs)) : Optional.empty();
            claimed.add(new ClaimedWait(wait, execution));
          }
        }
      }
      return claimed;
    }));
  }

  private static ExecutionRecord claimedRecord(TenantId tenant, UUID id, java.sql.ResultSet rs) throws java.sql.SQLException {
    String state = rs.getString("state");
    return new ExecutionRecord(tenant, id, rs.getObject("workflow_id", UUID.class), rs.getInt("workflow_version"),
        ExecutionStatus.fromDb(rs.getString("status")), rs.getString("trigger_kind"), rs.getString("trigger_node"),
        JSON.readTree(rs.getString("trigger_payload")),
        state == null ? null : JSON.readValue(state, ExecutionState.class),
        Optional.ofNullable(rs.getObject("parent_execution_id", UUID.class)),
        Optional.ofNullable(rs.getObject("replay_of", UUID.class)),
        Optional.ofNullable(rs.getString("error")).map(JSON::readTree),
        Optional.ofNullable(rs.getString("output")).map(JSON::readTree),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        Optional.ofNullable(rs.getObject("started_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
        Optional.ofNullable(rs.getObject("finished_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
        rs.getLong("row_version"));
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

  // The steps as jsonb_to_recordset reads them; an absent field is NULL.
  private static String stepsJson(List<StepRecord> steps) {
    tools.jackson.databind.node.ArrayNode rows = JSON.createArrayNode();
    for (StepRecord s : steps) {
      tools.jackson.databind.node.ObjectNode row = rows.addObject();
      row.put("seq", s.seq());
      row.put("node_id", s.nodeId());
      row.put("node_name", s.nodeName());
      row.put("attempt", s.attempt());
      row.put("status", s.status());
      row.set("input", s.input());
      row.set("config", s.config());
      s.output().ifPresent(o -> row.set("output", o));
      s.port().ifPresent(p -> row.put("port", p));
      s.error().ifPresent(x -> row.set("error", x));
      row.put("started_at", s.startedAt().toString());
      row.put("finished_at", s.finishedAt().toString());
      row.put("idempotency_key", s.idempotencyKey());
      row.put("truncated", s.truncated());
    }
    return JSON.writeValueAsString(rows);
  }



  // Changes the due time, event or reason of a wait (a claim then starts afresh); a wait holding an
  // event that arrived while its execution was busy stays due until the event is delivered.
  private static final String UPSERT_WAIT = "insert into wakeups (tenant_id, execution_id, token_id, due_at, event_key, "
      + "reason) values (?, ?, ?, ?, ?, ?) on conflict (tenant_id, execution_id, token_id) do update set "
      + "due_at = excluded.due_at, event_key = excluded.event_key, reason = excluded.reason, claimed_by = null, "
      + "claimed_until = null where wakeups.event_payload is null and (wakeups.due_at, wakeups.event_key, "
      + "wakeups.reason) is distinct from (excluded.due_at, excluded.event_key, excluded.reason)";

  // A row for each parked token, new or changed; the update's own statement removed the others.
  private static void upsertWaits(java.sql.Connection c, ExecutionRecord e) throws java.sql.SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement(UPSERT_WAIT)) {
      for (Map.Entry<String, Parked> p : e.state().parked().entrySet()) {
        ps.setObject(1, e.tenant().value());
        ps.setObject(2, e.id());
        ps.setString(3, p.getKey());
        ps.setObject(4, p.getValue().dueAt().map(PostgresExecutionStore::utc).orElse(null));
        ps.setString(5, p.getValue().eventKey().orElse(null));
        ps.setString(6, p.getValue().reason());
        ps.addBatch();
      }
      ps.executeBatch();
    }
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
