package io.switchboard.app.plans;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.switchboard.schema.jooq.Tables.AI_USAGE;
import static io.switchboard.schema.jooq.Tables.EXECUTIONS;
import static io.switchboard.schema.jooq.Tables.EXECUTION_STEPS;
import static io.switchboard.schema.jooq.Tables.INVOICES;
import static io.switchboard.schema.jooq.Tables.KB_DOCUMENTS;
import static io.switchboard.schema.jooq.Tables.MESSAGES;

/**
 * A workspace's use in one billing month (UTC calendar month, as usage is reported to Stripe):
 * runs by outcome and steps, messages by channel and direction, AI tokens and their estimated cost
 * (sandbox calls apart), knowledge stored, and what it paid. Counted from the workspace's own rows.
 */
@Component
public class UsageReport {

  private final TenantDatabase db;

  public UsageReport(TenantDatabase db) {
    this.db = db;
  }

  public record Month(String month, Map<String, Integer> runs, long steps, Map<String, Integer> messagesSent,
                      Map<String, Integer> messagesReceived, long llmInputTokens, long llmOutputTokens, BigDecimal llmCostUsd,
                      long sandboxModelCalls, long knowledgeBytes, long paidCents) {}

  public Month month(TenantId tenant, YearMonth month) {
    OffsetDateTime from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    return db.inTenant(tenant, tx -> {
      Map<String, Integer> runs = new LinkedHashMap<>();
      tx.select(EXECUTIONS.STATUS, DSL.count()).from(EXECUTIONS)
          .where(EXECUTIONS.CREATED_AT.ge(from).and(EXECUTIONS.CREATED_AT.lt(to)))
          .groupBy(EXECUTIONS.STATUS).orderBy(EXECUTIONS.STATUS).forEach(r -> runs.put(r.value1(), r.value2()));
      long steps = tx.fetchCount(EXECUTION_STEPS, EXECUTION_STEPS.STARTED_AT.ge(from).and(EXECUTION_STEPS.STARTED_AT.lt(to)));
      Map<String, Integer> sent = new LinkedHashMap<>();
      Map<String, Integer> received = new LinkedHashMap<>();
      countMessages(tx,
          MESSAGES.CREATED_AT.ge(from).and(MESSAGES.CREATED_AT.lt(to)), sent, received);
      var ai = tx.select(DSL.coalesce(DSL.sum(AI_USAGE.INPUT_TOKENS), BigDecimal.ZERO),
              DSL.coalesce(DSL.sum(AI_USAGE.OUTPUT_TOKENS), BigDecimal.ZERO), DSL.coalesce(DSL.sum(AI_USAGE.COST_USD), BigDecimal.ZERO))
          .from(AI_USAGE).where(AI_USAGE.AT.ge(from).and(AI_USAGE.AT.lt(to)).and(AI_USAGE.SANDBOX.isFalse())).fetchOne();
      long sandboxCalls = tx.fetchCount(AI_USAGE, AI_USAGE.AT.ge(from).and(AI_USAGE.AT.lt(to)).and(AI_USAGE.SANDBOX.isTrue()));
      long knowledge = tx.select(DSL.coalesce(DSL.sum(KB_DOCUMENTS.SIZE_BYTES), BigDecimal.ZERO)).from(KB_DOCUMENTS)
          .fetchOne(0, Long.class);
      long paid = tx.select(DSL.coalesce(DSL.sum(INVOICES.AMOUNT_CENTS.minus(INVOICES.AMOUNT_REFUNDED)), BigDecimal.ZERO))
          .from(INVOICES).where(INVOICES.STATUS.in("paid", "refunded").and(INVOICES.CREATED_AT.ge(from)).and(INVOICES.CREATED_AT.lt(to)))
          .fetchOne(0, Long.class);
      return new Month(month.toString(), runs, steps, sent, received, ai.value1().longValue(), ai.value2().longValue(),
          ai.value3(), sandboxCalls, knowledge, paid);
    });
  }

  /** Messages per channel, going out into {@code sent} and coming in into {@code received}, among those matching. */
  public static void countMessages(org.jooq.DSLContext tx, org.jooq.Condition which, Map<String, Integer> sent,
                                   Map<String, Integer> received) {
    tx.select(MESSAGES.DIRECTION, MESSAGES.CHANNEL, DSL.count()).from(MESSAGES).where(which)
        .groupBy(MESSAGES.DIRECTION, MESSAGES.CHANNEL).orderBy(MESSAGES.CHANNEL)
        .forEach(r -> ("inbound".equals(r.value1()) ? received : sent).put(r.value2(), r.value3()));
  }
}
