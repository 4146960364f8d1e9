package io.switchboard.app.contacts;

import io.switchboard.app.plans.UsageReport;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.WorkspaceStats;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.switchboard.schema.jooq.Tables.CONTACTS;
import static io.switchboard.schema.jooq.Tables.CONTACT_ACTIVITIES;
import static io.switchboard.schema.jooq.Tables.EXECUTIONS;
import static io.switchboard.schema.jooq.Tables.MESSAGES;
import static io.switchboard.schema.jooq.Tables.WORKFLOWS;

/** The workspace's numbers over a period, counted in its own rows (row-level security keeps them its own). */
@Component
public class WorkspaceStatsQuery implements WorkspaceStats {

  private final TenantDatabase db;

  public WorkspaceStatsQuery(TenantDatabase db) {
    this.db = db;
  }

  @Override
  public Period read(TenantId tenant, Instant from, Instant to) {
    OffsetDateTime start = OffsetDateTime.ofInstant(from, ZoneOffset.UTC);
    OffsetDateTime end = OffsetDateTime.ofInstant(to, ZoneOffset.UTC);
    return db.inTenant(tenant, tx -> {
      int newContacts = tx.fetchCount(CONTACTS, CONTACTS.CREATED_AT.between(start, end));
      Map<String, Integer> byStage = new LinkedHashMap<>();
      tx.select(CONTACTS.STAGE, DSL.count()).from(CONTACTS).groupBy(CONTACTS.STAGE).orderBy(CONTACTS.STAGE)
          .forEach(r -> byStage.put(r.value1(), r.value2()));
      Map<String, Integer> sent = new LinkedHashMap<>();
      Map<String, Integer> received = new LinkedHashMap<>();
      UsageReport.countMessages(tx, MESSAGES.CREATED_AT.between(start, end), sent, received);
      int undelivered = tx.fetchCount(MESSAGES, MESSAGES.CREATED_AT.between(start, end)
          .and(MESSAGES.DIRECTION.eq("outbound")).and(MESSAGES.STATUS.in("failed", "undelivered", "bounced", "refused")));
      int optOuts = tx.fetchCount(CONTACT_ACTIVITIES, CONTACT_ACTIVITIES.AT.between(start, end)
          .and(CONTACT_ACTIVITIES.KIND.eq("opt_out")));
      int succeeded = tx.fetchCount(EXECUTIONS, EXECUTIONS.CREATED_AT.between(start, end).and(EXECUTIONS.STATUS.eq("succeeded")));
      int failed = tx.fetchCount(EXECUTIONS, EXECUTIONS.CREATED_AT.between(start, end).and(EXECUTIONS.STATUS.eq("failed")));
      List<Failing> failing = tx.select(WORKFLOWS.NAME, DSL.count()).from(EXECUTIONS).join(WORKFLOWS)
          .on(WORKFLOWS.TENANT_ID.eq(EXECUTIONS.TENANT_ID).and(WORKFLOWS.ID.eq(EXECUTIONS.WORKFLOW_ID)))
          .where(EXECUTIONS.CREATED_AT.between(start, end).and(EXECUTIONS.STATUS.eq("failed")))
          .groupBy(WORKFLOWS.NAME).orderBy(DSL.count().desc(), WORKFLOWS.NAME).limit(5)
          .fetch(r -> new Failing(r.value1(), r.value2()));
      return new Period(from, to, newContacts, byStage, sent, received, undelivered, optOuts, succeeded, failed, failing);
    });
  }
}
