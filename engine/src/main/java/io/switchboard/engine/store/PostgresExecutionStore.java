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
  private final io.micrometer.core.instrument.DistributionSummary insertsPerStatement;
  private final io.micrometer.core.instrument.DistributionSummary updatesPerStatement;
  private final WorkflowJson workflowJson = new WorkflowJson();
  // Workflow versions never change, so their parsed graphs are cached.
  private final Map<String, WorkflowGraph> graphs = new ConcurrentHashMap<>();

  public PostgresExecutionStore(TenantDatabase db) {
    this(db, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /**
   * {@code meters} receives {@code switchboard.store.writes.per.statement} (tag {@code kind}: insert
   * or update): how many executions' writes each statement carried, which shows whether group
   * commit is grouping.
   */
  public PostgresExecutionStore(TenantDatabase db, io.micrometer.core.instrument.MeterRegistry meters) {
    this.db = db;
    this.insertsPerStatement = perStatement(meters, "insert");
    this.updatesPerStatement = perStatement(meters, "update");
  }

  private static io.micrometer.core.instrument.DistributionSummary perStatement(
      io.micrometer.core.instrument.MeterRegistry meters, String kind) {
    return io.micrometer.core.instrument.DistributionSummary.builder("switchboard.store.writes.per.statement")
        .description("Executions written by one statement (group commit)").baseUnit("writes").tag("kind", kind)
        .register(meters);
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

  /** One write of an execution: its record, its new steps and the lease it leaves on it. */
  private record Write(ExecutionRecord e, List<StepRecord> steps, Optional<String> leaseOwner, Instant leaseUntil) {}

  // Writes of a tenant that meet on their way to the database go in one statement (see GroupedWrites).
  private static final int MAX_GROUP = 32;
  private final GroupedWrites<Write> insertGroups =
      new GroupedWrites<>((tenant, writes) -> writeAll(tenant, writes, true), w -> w.e().id(),
          PostgresExecutionStore::undone, MAX_GROUP);
  private final GroupedWrites<Write> updateGroups =
      new GroupedWrites<>((tenant, writes) -> writeAll(tenant, writes, false), w -> w.e().id(),
          PostgresExecutionStore::undone, MAX_GROUP);

  /**
   * Whether the database answered a statement with an error that rolled it back: a value it refuses
   * (class 22), a constraint (23), a deadlock or serialization failure (40), an invalid statement (42),
   * a limit (54). A lost connection says nothing about whether the statement committed.
   */
  private static boolean undone(RuntimeException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        return UNDONE_CLASSES.contains(sql.getSQLState().substring(0, 2));
      }
    }
    return false;
  }

  private static final java.util.Set<String> UNDONE_CLASSES = java.util.Set.of("22", "23", "40", "42", "54");

  // The executions of a statement, their new steps and their waits, read from one JSON array. A field left
  // out is NULL; jsonb_to_recordset reads a JSON null as NULL too, so the execution's JSON values, which
  // may be a JSON null to keep, come wrapped in a one-element array and are taken out with -> 0.
  private static final String ROWS = "with v as (select * from jsonb_to_recordset(?::jsonb) as v(id uuid, "
      + "workflow_id uuid, workflow_version integer, status text, trigger_kind text, trigger_node text, "
      + "trigger_payload jsonb, state jsonb, parent_execution_id uuid, replay_of uuid, error jsonb, output jsonb, "
      + "created_at timestamptz, started_at timestamptz, finished_at timestamptz, lease_owner text, "
      + "lease_until timestamptz, row_version bigint, steps jsonb, waits jsonb)), ";

  private static final String STEPS = "s as (insert into execution_steps (tenant_id, execution_id, seq, node_id, "
      + "node_name, attempt, status, input, config, output, port, error, started_at, finished_at, idempotency_key, "
      + "truncated) select u.tenant_id, u.id, x.seq, x.node_id, x.node_name, x.attempt, x.status, x.input, x.config, "
      + "x.output, x.port, x.error, x.started_at, x.finished_at, x.idempotency_key, x.truncated from u join v on "
      + "v.id = u.id cross join lateral jsonb_to_recordset(v.steps) as x(seq integer, node_id text, node_name text, "
      + "attempt integer, status text, input jsonb, config jsonb, output jsonb, port text, error jsonb, "
      + "started_at timestamptz, finished_at timestamptz, idempotency_key text, truncated boolean)), ";

  // A row for each parked token, new or changed (a changed one is claimed afresh); a wait holding an
  // event that arrived while its execution was busy stays due until the event is delivered.
  private static final String WAITS = "w as (insert into wakeups (tenant_id, execution_id, token_id, due_at, event_key, "
      + "reason) select u.tenant_id, u.id, x.token_id, x.due_at, x.event_key, x.reason from u join v on v.id = u.id "
      + "cross join lateral jsonb_to_recordset(v.waits) as x(token_id text, due_at timestamptz, event_key text, "
      + "reason text) on conflict (tenant_id, execution_id, token_id) do update set due_at = excluded.due_at, "
      + "event_key = excluded.event_key, reason = excluded.reason, claimed_by = null, claimed_until = null "
      + "where wakeups.event_payload is null and (wakeups.due_at, wakeups.event_key, wakeups.reason) "
      + "is distinct from (excluded.due_at, excluded.event_key, excluded.reason)) ";

  private static final String INSERT_EXECUTIONS = ROWS + "u as (insert into executions (tenant_id, id, workflow_id, "
      + "workflow_version, status, trigger_kind, trigger_node, trigger_payload, state, parent_execution_id, replay_of, "
      + "error, output, created_at, started_at, finished_at, lease_owner, lease_until, row_version) select ?, id, "
      + "workflow_id, workflow_version, status, trigger_kind, trigger_node, trigger_payload -> 0, state, "
      + "parent_execution_id, replay_of, error -> 0, output -> 0, created_at, started_at, finished_at, lease_owner, "
      + "lease_until, row_version from v returning tenant_id, id), " + STEPS + WAITS + "select id from u";

  // Each execution's row changes only at the row version its runner read; its new steps and waits and the
  // removal of the waits it no longer has depend on that, so a write that lost a race changes nothing.
  private static final String UPDATE_EXECUTIONS = ROWS + "u as (update executions e set status = v.status, "
      + "state = v.state, error = v.error -> 0, output = v.output -> 0, started_at = v.started_at, "
      + "finished_at = v.finished_at, "
      + "lease_owner = v.lease_owner, lease_until = v.lease_until, row_version = e.row_version + 1 from v "
      + "where e.tenant_id = ? and e.id = v.id and e.row_version = v.row_version returning e.tenant_id, e.id), "
      + STEPS + WAITS + ", d as (delete from wakeups o using u join v on v.id = u.id where o.tenant_id = u.tenant_id "
      + "and o.execution_id = u.id and not exists (select from jsonb_array_elements(v.waits) k "
      + "where k ->> 'token_id' = o.token_id)) select id from u";

  @Override
  public void insert(ExecutionRecord e, List<StepRecord> steps, Optional<String> leaseOwner, Instant leaseUntil) {
    write(new Write(e, steps, leaseOwner, leaseUntil), insertGroups);
  }

  @Override
  public ExecutionRecord update(ExecutionRecord e, List<StepRecord> steps, Optional<String> leaseOwner,
                                Instant leaseUntil) {
    if (!write(new Write(e, steps, leaseOwner, leaseUntil), updateGroups)) {
      throw new ConcurrentUpdateException(e.id());
    }
    return e.withRowVersion(e.rowVersion() + 1);
  }

  /**
   * Makes a write, with its steps and waits, in one statement: grouped with others of its tenant, or,
   * inside work already under way for the tenant, in that transaction. False when another runner
   * changed the execution first.
   */
  private static boolean write(Write w, GroupedWrites<Write> groups) {
    TenantId tenant = w.e().tenant();
    return TenantDatabase.current().isPresent() ? groups.alone(tenant, w) : groups.write(tenant, w);
  }

  // One statement for a group of new executions (insert) or of changed ones.
  private java.util.Set<UUID> writeAll(TenantId tenant, List<Write> writes, boolean insert) {
    (insert ? insertsPerStatement : updatesPerStatement).record(writes.size());
    return db.oneStatement(tenant, insert ? INSERT_EXECUTIONS : UPDATE_EXECUTIONS, (ps, first) -> {
      ps.setString(first, rowsJson(writes, insert));
      ps.setObject(first + 1, tenant.value());
    }, PostgresExecutionStore::ids);
  }

  // The executions a statement wrote (an update leaves out those another runner changed first).
  private static java.util.Set<UUID> ids(java.sql.PreparedStatement ps) throws java.sql.SQLException {
    java.util.Set<UUID> ids = new java.util.HashSet<>();
    try (java.sql.ResultSet rs = ps.getResultSet()) {
      while (rs != null && rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  // The rows as jsonb_to_recordset reads them in ROWS and STEPS: an absent value is left out (NULL);
  // an update needs only the fields it changes.
  private static String rowsJson(List<Write> writes, boolean insert) {
    java.io.StringWriter out = new java.io.StringWriter(512 * writes.size());
    try (tools.jackson.core.JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (Write w : writes) {
        ExecutionRecord e = w.e();
        g.writeStartObject();
        g.writeStringProperty("id", e.id().toString());
        g.writeNumberProperty("row_version", e.rowVersion());
        g.writeStringProperty("status", e.status().dbValue());
        g.writePOJOProperty("state", e.state());
        e.error().ifPresent(x -> writeWrapped(g, "error", x));
        e.output().ifPresent(x -> writeWrapped(g, "output", x));
        e.startedAt().ifPresent(x -> g.writeStringProperty("started_at", time(x)));
        e.finishedAt().ifPresent(x -> g.writeStringProperty("finished_at", time(x)));
        w.leaseOwner().ifPresent(owner -> {
          g.writeStringProperty("lease_owner", owner);
          g.writeStringProperty("lease_until", time(w.leaseUntil()));
        });
        if (insert) {
          g.writeStringProperty("workflow_id", e.workflowId().toString());
          g.writeNumberProperty("workflow_version", e.workflowVersion());
          g.writeStringProperty("trigger_kind", e.triggerKind());
          g.writeStringProperty("trigger_node", e.triggerNode());
          writeWrapped(g, "trigger_payload", e.triggerPayload());
          e.parentExecutionId().ifPresent(x -> g.writeStringProperty("parent_execution_id", x.toString()));
          e.replayOf().ifPresent(x -> g.writeStringProperty("replay_of", x.toString()));
          g.writeStringProperty("created_at", time(e.createdAt()));
        }
        g.writeName("steps");
        writeSteps(g, w.steps());
        g.writeName("waits");
        g.writeStartArray();
        for (Map.Entry<String, Parked> p : e.state().parked().entrySet()) {
          g.writeStartObject();
          g.writeStringProperty("token_id", p.getKey());
          p.getValue().dueAt().ifPresent(at -> g.writeStringProperty("due_at", time(at)));
          p.getValue().eventKey().ifPresent(key -> g.writeStringProperty("event_key", key));
          g.writeStringProperty("reason", p.getValue().reason());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return out.toString();
  }

  // A JSON value in a one-element array, so that a JSON null stays a JSON null (see ROWS).
  private static void writeWrapped(tools.jackson.core.JsonGenerator g, String name, JsonNode value) {
    g.writeName(name);
    g.writeStartArray();
    g.writeTree(value);
    g.writeEndArray();
  }

  // An instant as PostgreSQL reads it: ISO 8601, without the '+' Java puts before years past 9999,
  // which PostgreSQL refuses; a time before year 1 (none is ever written) is held at year 1.
  static String time(Instant instant) {
    String text = instant.isBefore(YEAR_ONE) ? YEAR_ONE.toString() : instant.toString();
    return text.charAt(0) == '+' ? text.substring(1) : text;
  }

  private static final Instant YEAR_ONE = Instant.parse("0001-01-01T00:00:00Z");

  private static void writeSteps(tools.jackson.core.JsonGenerator g, List<StepRecord> steps) {
    g.writeStartArray();
    for (StepRecord s : steps) {
      g.writeStartObject();
      g.writeNumberProperty("seq", s.seq());
      g.writeStringProperty("node_id", s.nodeId());
      g.writeStringProperty("node_name", s.nodeName());
      g.writeNumberProperty("attempt", s.attempt());
      g.writeStringProperty("status", s.status());
      g.writePOJOProperty("input", s.input());
      g.writePOJOProperty("config", s.config());
      s.output().ifPresent(o -> g.writePOJOProperty("output", o));
      s.port().ifPresent(p -> g.writeStringProperty("port", p));
      s.error().ifPresent(x -> g.writePOJOProperty("error", x));
      g.writeStringProperty("started_at", time(s.startedAt()));
      g.writeStringProperty("finished_at", time(s.finishedAt()));
      g.writeStringProperty("idempotency_key", s.idempotencyKey());
      g.writeBooleanProperty("truncated", s.truncated());
      g.writeEndObject();
    }
    g.writeEndArray();
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
