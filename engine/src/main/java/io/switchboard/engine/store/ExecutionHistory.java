package io.switchboard.engine.store;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.Condition;
import org.jooq.JSONB;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.EXECUTIONS;
import static io.switchboard.schema.jooq.Tables.EXECUTION_STEPS;
import static io.switchboard.schema.jooq.Tables.WAKEUPS;
import static io.switchboard.schema.jooq.Tables.WORKFLOWS;

/** The read side of executions: lists with filters, one execution with its steps, retention. */
public final class ExecutionHistory {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;

  public ExecutionHistory(TenantDatabase db) {
    this.db = db;
  }

  public record Filter(Optional<UUID> workflowId, Optional<String> status, Optional<Instant> from, Optional<Instant> to,
                       int limit) {}

  public record ExecutionSummary(UUID id, UUID workflowId, String workflowName, int workflowVersion, String status,
                                 String triggerKind, Instant createdAt, Optional<Instant> finishedAt,
                                 Optional<UUID> replayOf, Optional<UUID> parentExecutionId, Optional<JsonNode> error) {}

  public record Step(int seq, String nodeId, String nodeName, int attempt, String status, JsonNode input,
                     JsonNode config, Optional<JsonNode> output, Optional<String> port, Optional<JsonNode> error,
                     Instant startedAt, Optional<Instant> finishedAt, boolean truncated) {}

  public record ExecutionDetail(ExecutionSummary summary, JsonNode triggerPayload, Optional<JsonNode> output,
                                List<Step> steps, List<Wait> waitingOn) {}

  /** What a waiting execution waits for: a time, an event, or a retry. */
  public record Wait(String tokenId, Optional<Instant> dueAt, Optional<String> eventKey, String reason) {}

  public List<ExecutionSummary> list(TenantId tenant, Filter filter) {
    Condition where = EXECUTIONS.TENANT_ID.eq(tenant.value());
    if (filter.workflowId().isPresent()) where = where.and(EXECUTIONS.WORKFLOW_ID.eq(filter.workflowId().get()));
    if (filter.status().isPresent()) where = where.and(EXECUTIONS.STATUS.eq(filter.status().get()));
    if (filter.from().isPresent()) where = where.and(EXECUTIONS.CREATED_AT.ge(utc(filter.from().get())));
    if (filter.to().isPresent()) where = where.and(EXECUTIONS.CREATED_AT.lt(utc(filter.to().get())));
    Condition condition = where;
    int limit = Math.max(1, Math.min(filter.limit(), 500));
    return db.inTenant(tenant, tx -> tx.select(EXECUTIONS.ID, EXECUTIONS.WORKFLOW_ID, WORKFLOWS.NAME,
            EXECUTIONS.WORKFLOW_VERSION, EXECUTIONS.STATUS, EXECUTIONS.TRIGGER_KIND, EXECUTIONS.CREATED_AT,
            EXECUTIONS.FINISHED_AT, EXECUTIONS.REPLAY_OF, EXECUTIONS.PARENT_EXECUTION_ID, EXECUTIONS.ERROR)
        .from(EXECUTIONS)
        .join(WORKFLOWS).on(WORKFLOWS.TENANT_ID.eq(EXECUTIONS.TENANT_ID).and(WORKFLOWS.ID.eq(EXECUTIONS.WORKFLOW_ID)))
        .where(condition)
        .orderBy(EXECUTIONS.CREATED_AT.desc())
        .limit(limit)
        .fetch(r -> new ExecutionSummary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
            r.value7().toInstant(), Optional.ofNullable(r.value8()).map(OffsetDateTime::toInstant),
            Optional.ofNullable(r.value9()), Optional.ofNullable(r.value10()), json(r.value11()))));
  }

  public Optional<ExecutionDetail> get(TenantId tenant, UUID executionId) {
    return db.inTenant(tenant, tx -> {
      var row = tx.select(EXECUTIONS.asterisk(), WORKFLOWS.NAME)
          .from(EXECUTIONS)
          .join(WORKFLOWS).on(WORKFLOWS.TENANT_ID.eq(EXECUTIONS.TENANT_ID).and(WORKFLOWS.ID.eq(EXECUTIONS.WORKFLOW_ID)))
          .where(EXECUTIONS.TENANT_ID.eq(tenant.value()).and(EXECUTIONS.ID.eq(executionId)))
          .fetchOne();
      if (row == null) {
        return Optional.<ExecutionDetail>empty();
      }
      List<Step> steps = tx.selectFrom(EXECUTION_STEPS)
          .where(EXECUTION_STEPS.TENANT_ID.eq(tenant.value()).and(EXECUTION_STEPS.EXECUTION_ID.eq(executionId)))
          .orderBy(EXECUTION_STEPS.SEQ)
          .fetch(s -> new Step(s.getSeq(), s.getNodeId(), s.getNodeName(), s.getAttempt(), s.getStatus(),
              json(s.getInput()).orElse(JSON.nullNode()), json(s.getConfig()).orElse(JSON.nullNode()),
              json(s.getOutput()), Optional.ofNullable(s.getPort()), json(s.getError()), s.getStartedAt().toInstant(),
              Optional.ofNullable(s.getFinishedAt()).map(OffsetDateTime::toInstant), s.getTruncated()));
      ExecutionSummary summary = new ExecutionSummary(row.get(EXECUTIONS.ID), row.get(EXECUTIONS.WORKFLOW_ID),
          row.get(WORKFLOWS.NAME), row.get(EXECUTIONS.WORKFLOW_VERSION), row.get(EXECUTIONS.STATUS),
          row.get(EXECUTIONS.TRIGGER_KIND), row.get(EXECUTIONS.CREATED_AT).toInstant(),
          Optional.ofNullable(row.get(EXECUTIONS.FINISHED_AT)).map(OffsetDateTime::toInstant),
          Optional.ofNullable(row.get(EXECUTIONS.REPLAY_OF)), Optional.ofNullable(row.get(EXECUTIONS.PARENT_EXECUTION_ID)),
          json(row.get(EXECUTIONS.ERROR)));
      List<Wait> waiting = tx.select(WAKEUPS.TOKEN_ID, WAKEUPS.DUE_AT, WAKEUPS.EVENT_KEY, WAKEUPS.REASON)
          .from(WAKEUPS)
          .where(WAKEUPS.TENANT_ID.eq(tenant.value()).and(WAKEUPS.EXECUTION_ID.eq(executionId)))
          .fetch(w -> new Wait(w.value1(), Optional.ofNullable(w.value2()).map(OffsetDateTime::toInstant),
              Optional.ofNullable(w.value3()), w.value4()));
      return Optional.of(new ExecutionDetail(summary, json(row.get(EXECUTIONS.TRIGGER_PAYLOAD)).orElse(JSON.nullNode()),
          json(row.get(EXECUTIONS.OUTPUT)), steps, waiting));
    });
  }

  /** The input a node received in an execution (its latest step), for replay. */
  public Optional<JsonNode> recordedInput(TenantId tenant, UUID executionId, String nodeId) {
    return db.inTenant(tenant, tx -> tx.select(EXECUTION_STEPS.INPUT).from(EXECUTION_STEPS)
        .where(EXECUTION_STEPS.TENANT_ID.eq(tenant.value())
            .and(EXECUTION_STEPS.EXECUTION_ID.eq(executionId))
            .and(EXECUTION_STEPS.NODE_ID.eq(nodeId)))
        .orderBy(EXECUTION_STEPS.SEQ.desc())
        .limit(1)
        .fetchOptional(EXECUTION_STEPS.INPUT))
        .flatMap(ExecutionHistory::json);
  }

  /**
   * Deletes finished executions past each tenant's retention ({@code settings.retentionDays}, else
   * {@code defaultDays}), in batches; returns how many went.
   */
  public int prune(InstantSource clock, int defaultDays, int batch) {
    return prune(clock, defaultDays, batch, () -> false);
  }

  /** As {@link #prune(InstantSource, int, int)}, ending after the batch under way once {@code stopping} says so. */
  public int prune(InstantSource clock, int defaultDays, int batch, java.util.function.BooleanSupplier stopping) {
    Instant now = clock.instant();
    int total = 0;
    while (!stopping.getAsBoolean()) {
      Integer deleted = db.platform(tx -> tx.resultQuery("select prune_finished_executions({0}, {1}, {2})",
          utc(now.minus(java.time.Duration.ofDays(defaultDays))), utc(now), batch).fetchOne(0, Integer.class));
      total += deleted == null ? 0 : deleted;
      if (deleted == null || deleted < batch) {
        return total;
      }
    }
    return total;
  }

  private static Optional<JsonNode> json(JSONB value) {
    return value == null ? Optional.empty() : Optional.of(JSON.readTree(value.data()));
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
