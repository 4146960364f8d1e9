package io.switchboard.app.plans;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.switchboard.schema.jooq.Tables.USAGE_COUNTERS;

/**
 * Counts a workspace's use per metric and period (months and days, UTC). Taking one unit is a
 * single statement that only counts up while below the limit, so however many requests race,
 * the count never passes the limit.
 */
@Component("planUsage") // not "usageMeter": the AI steps' token meter has that name
public class UsageMeter {

  private final TenantDatabase db;
  private final Clock clock;

  public UsageMeter(TenantDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The periods a metric is counted over. */
  public enum Period {
    MONTH, DAY;

    LocalDate start(LocalDate today) {
      return this == MONTH ? today.withDayOfMonth(1) : today;
    }
  }

  /** Takes {@code units} of {@code metric} if that keeps it within {@code limit}; false (and nothing taken) otherwise. */
  public boolean take(TenantId tenant, String metric, Period period, long units, long limit) {
    LocalDate start = period.start(today());
    return db.oneStatement(tenant, TAKE, (ps, first) -> {
      ps.setObject(first, tenant.value());
      ps.setString(first + 1, metric);
      ps.setObject(first + 2, start);
      ps.setLong(first + 3, units);
      ps.setLong(first + 4, units);
      ps.setLong(first + 5, limit);
      ps.setLong(first + 6, limit);
    }, ps -> {
      try (java.sql.ResultSet taken = ps.getResultSet()) {
        return taken.next();
      }
    });
  }

  private static final String TAKE = """
      insert into usage_counters as u (tenant_id, metric, period_start, value)
      select ?::uuid, ?, ?::date, ?::bigint where ?::bigint <= ?::bigint
      on conflict (tenant_id, metric, period_start) do update set value = u.value + excluded.value
        where u.value + excluded.value <= ?::bigint
      returning value""";

  /** Units taken from the database ahead of use, by workspace, metric and period, on this node. */
  private record Reserved(java.util.UUID tenant, String metric, LocalDate start) {}

  /** A node's units in hand for one workspace, metric and period, and who is fetching more. */
  private static final class Reservation {
    final java.util.concurrent.atomic.AtomicLong left = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.locks.ReentrantLock refill = new java.util.concurrent.locks.ReentrantLock();
  }

  private final java.util.concurrent.ConcurrentHashMap<Reserved, Reservation> reserved =
      new java.util.concurrent.ConcurrentHashMap<>();
  static final int BLOCK = 20;
  static final int MAX_BLOCK = 200;

  // Blocks grow with the allowance (a 200th of a percent of it, 20 to 200 units): a node's unused
  // units stay a negligible share of any plan, and a busy workspace fetches rarely.
  static long blockFor(long limit) {
    return Math.max(BLOCK, Math.min(MAX_BLOCK, limit / 5_000));
  }

  /**
   * As {@link #take} for one unit, for counts on every request (runs): units are taken from the
   * database a block at a time and handed out here, so a busy workspace does not queue every
   * request on one counter row. Never passes the limit: near it, blocks shrink to single units. A
   * node's unused units (at most a block and a half: 30 to 300 units, see blockFor) count as used.
   *
   * <p>The next block is fetched by one request when half of the current one is left, while the
   * others go on taking what is left: requests wait only when a block runs out before the next is in.
   * Waiting threads park on a lock; a monitor here made fifty request threads spin through every
   * fetch (a sixth of the CPU of a busy webhook in the profile).
   */
  public boolean takeOne(TenantId tenant, String metric, Period period, long limit) {
    LocalDate start = period.start(today());
    Reservation r = reserved.computeIfAbsent(new Reserved(tenant.value(), metric, start), k -> new Reservation());
    long block = blockFor(limit);
    if (takeReserved(r.left)) {
      if (r.left.get() < block / 2 && r.refill.tryLock()) {
        try {
          if (r.left.get() < block / 2 && take(tenant, metric, period, block, limit)) {
            r.left.addAndGet(block);
          }
        } finally {
          r.refill.unlock();
        }
      }
      return true;
    }
    r.refill.lock();
    try {
      if (takeReserved(r.left)) {
        return true; // another thread reserved a block meanwhile
      }
      if (take(tenant, metric, period, block, limit)) {
        r.left.addAndGet(block - 1);
        return true;
      }
      return take(tenant, metric, period, 1, limit);
    } finally {
      r.refill.unlock();
    }
  }

  private static boolean takeReserved(java.util.concurrent.atomic.AtomicLong left) {
    for (long n = left.get(); n > 0; n = left.get()) {
      if (left.compareAndSet(n, n - 1)) {
        return true;
      }
    }
    return false;
  }

  /** Forgets units reserved on this node (a plan change: the next run asks the database again). */
  public void forget(TenantId tenant) {
    reserved.keySet().removeIf(k -> k.tenant().equals(tenant.value()));
  }

  /** Adds usage that is metered but not limited here (tokens, steps). */
  public void add(TenantId tenant, String metric, Period period, long units) {
    take(tenant, metric, period, units, Long.MAX_VALUE);
  }

  /** This period's use of one metric. */
  public long used(TenantId tenant, String metric, Period period) {
    LocalDate start = period.start(today());
    return db.inTenant(tenant, tx -> tx.select(USAGE_COUNTERS.VALUE).from(USAGE_COUNTERS)
        .where(USAGE_COUNTERS.METRIC.eq(metric).and(USAGE_COUNTERS.PERIOD_START.eq(start)))
        .fetchOptional(USAGE_COUNTERS.VALUE).orElse(0L));
  }

  /** This period's use of each metric. */
  public Map<String, Long> current(TenantId tenant) {
    LocalDate today = today();
    Map<String, Long> out = new LinkedHashMap<>();
    db.inTenant(tenant, tx -> tx.selectFrom(USAGE_COUNTERS)
        .where(USAGE_COUNTERS.PERIOD_START.in(Period.MONTH.start(today), Period.DAY.start(today))).fetch())
        .forEach(r -> {
          boolean monthly = r.getMetric().endsWith("_per_month");
          LocalDate expected = (monthly ? Period.MONTH : Period.DAY).start(today);
          if (r.getPeriodStart().equals(expected)) {
            out.put(r.getMetric(), r.getValue());
          }
        });
    return out;
  }

  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
