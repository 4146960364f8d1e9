package io.switchboard.app.dashboard;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Read-only counts for the dashboard, inside the workspace's tenant transaction (row-level security
 * sees only its rows): executions per day by outcome, outbound messages per day by channel, LLM
 * tokens per day, and the workflows that fail most. Days are the workspace's, in its time zone.
 */
@Service
public class DashboardQueries {

  /** Outcomes in the order the chart stacks them. */
  public static final List<String> OUTCOMES = List.of("succeeded", "failed", "cancelled", "waiting", "running");

  private final TenantDatabase db;
  private final Clock clock;

  public DashboardQueries(TenantDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public record Daily(List<LocalDate> days, Map<String, List<Long>> series) {}

  public record Failing(UUID workflowId, String name, long failed, long total) {}

  public record Figures(List<LocalDate> days, Map<String, List<Long>> executions, Map<String, List<Long>> messages,
                        List<Long> tokens, List<Failing> topFailing) {}

  public Figures figures(TenantId tenant, int days) {
    int span = Math.max(1, Math.min(days, 90));
    return db.inTenant(tenant, tx -> {
      String zone = tx.resultQuery("SELECT timezone FROM tenants WHERE id = ?", tenant.value()).fetchOne(0, String.class);
      ZoneId zoneId = zone(zone);
      LocalDate today = LocalDate.ofInstant(clock.instant(), zoneId);
      List<LocalDate> range = new ArrayList<>();
      for (int i = span - 1; i >= 0; i--) {
        range.add(today.minusDays(i));
      }
      LocalDate first = range.getFirst();
      String tz = zoneId.getId();
      // bound as text and cast: jOOQ's plain SQL would bind a date-time as varchar
      String since = first.atStartOfDay(zoneId).toOffsetDateTime().toString();

      Map<String, List<Long>> executions = series(range, OUTCOMES);
      tx.resultQuery("SELECT (created_at AT TIME ZONE ?)::date AS day, "
                  + "CASE WHEN status = 'queued' THEN 'running' ELSE status END AS outcome, count(*) "
                  + "FROM executions WHERE tenant_id = ? AND created_at >= cast(? as timestamptz) GROUP BY 1, 2", tz, tenant.value(), since)
          .forEach(r -> add(executions, range, r.get(1, String.class), r.get(0, LocalDate.class), r.get(2, Long.class)));

      Map<String, List<Long>> messages = series(range, List.of("sms", "whatsapp", "email", "call"));
      tx.resultQuery("SELECT (created_at AT TIME ZONE ?)::date AS day, channel, count(*) FROM messages "
                  + "WHERE tenant_id = ? AND direction = 'outbound' AND created_at >= cast(? as timestamptz) GROUP BY 1, 2", tz, tenant.value(), since)
          .forEach(r -> add(messages, range, r.get(1, String.class), r.get(0, LocalDate.class), r.get(2, Long.class)));

      Map<String, List<Long>> tokens = series(range, List.of("tokens"));
      tx.resultQuery("SELECT (at AT TIME ZONE ?)::date AS day, sum(input_tokens + output_tokens) FROM ai_usage "
                  + "WHERE tenant_id = ? AND at >= cast(? as timestamptz) GROUP BY 1", tz, tenant.value(), since)
          .forEach(r -> add(tokens, range, "tokens", r.get(0, LocalDate.class), r.get(1, Long.class)));

      List<Failing> failing = tx.resultQuery("SELECT e.workflow_id, w.name, count(*) FILTER (WHERE e.status = 'failed'), count(*) "
                  + "FROM executions e JOIN workflows w ON w.tenant_id = e.tenant_id AND w.id = e.workflow_id "
                  + "WHERE e.tenant_id = ? AND e.created_at >= cast(? as timestamptz) GROUP BY e.workflow_id, w.name "
                  + "HAVING count(*) FILTER (WHERE e.status = 'failed') > 0 ORDER BY 3 DESC, 2 LIMIT 5", tenant.value(), since)
          .fetch(r -> new Failing(r.get(0, UUID.class), r.get(1, String.class), r.get(2, Long.class), r.get(3, Long.class)));
      return new Figures(range, executions, messages, tokens.get("tokens"), failing);
    });
  }

  /**
   * Executions started this calendar month (UTC, the quota's period). The quota counter itself runs
   * ahead of this: each node reserves runs from it in blocks.
   */
  public long runsThisMonth(TenantId tenant) {
    String monthStart = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).withDayOfMonth(1)
        .atStartOfDay().atOffset(java.time.ZoneOffset.UTC).toString();
    return db.inTenant(tenant, tx -> tx.resultQuery("SELECT count(*) FROM executions WHERE tenant_id = ? "
        + "AND created_at >= cast(? as timestamptz)", tenant.value(), monthStart).fetchOne(0, Long.class));
  }

  private static ZoneId zone(String zone) {
    try {
      return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private static Map<String, List<Long>> series(List<LocalDate> range, List<String> names) {
    Map<String, List<Long>> series = new LinkedHashMap<>();
    for (String name : names) {
      List<Long> zeros = new ArrayList<>(range.size());
      range.forEach(d -> zeros.add(0L));
      series.put(name, zeros);
    }
    return series;
  }

  private static void add(Map<String, List<Long>> series, List<LocalDate> range, String name, LocalDate day, Long count) {
    int i = range.indexOf(day);
    List<Long> values = series.get(name);
    if (i >= 0 && values != null && count != null) {
      values.set(i, values.get(i) + count);
    }
  }
}
