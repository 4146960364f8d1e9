package io.switchboard.app.plans;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static io.switchboard.schema.jooq.Tables.PLANS;
import static io.switchboard.schema.jooq.Tables.TENANTS;

/** The plans on offer and each workspace's plan and status, read once and kept for a few seconds. */
@Component
public class PlanCatalog {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration CACHE = Duration.ofSeconds(10);

  private final TenantDatabase db;
  private final Clock clock;
  private final Map<TenantId, Cached> workspaces = new ConcurrentHashMap<>();
  private volatile List<Plan> plans;

  public PlanCatalog(TenantDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A plan and its limits by metric ({@code executions_per_month}, {@code seats} …). */
  public record Plan(String id, String name, int monthlyPriceCents, Map<String, Long> limits) {
    public Optional<Long> limit(String metric) {
      return Optional.ofNullable(limits.get(metric));
    }
  }

  /** A workspace's plan and whether it is active, suspended or locked. */
  public record Workspace(Plan plan, String status) {}

  private record Cached(Workspace workspace, Instant readAt) {}

  public List<Plan> plans() {
    List<Plan> p = plans;
    if (p == null || plansReadAt.plus(CACHE).isBefore(clock.instant())) {
      plansReadAt = clock.instant();
      // the catalog holds no tenant rows: read in the tenant's transaction when called inside one
      java.util.function.Function<org.jooq.DSLContext, org.jooq.Result<io.switchboard.schema.jooq.tables.records.PlansRecord>> read =
          tx -> tx.selectFrom(PLANS).orderBy(PLANS.POSITION).fetch();
      Optional<TenantId> inside = TenantDatabase.current();
      p = (inside.isPresent() ? db.inTenant(inside.get(), read) : db.platform(read)).map(r -> {
        JsonNode limits = JSON.readTree(r.getLimits().data());
        Map<String, Long> map = new LinkedHashMap<>();
        limits.properties().forEach(e -> map.put(e.getKey(), e.getValue().asLong()));
        return new Plan(r.getId(), r.getName(), r.getMonthlyPriceCents(), Map.copyOf(map));
      });
      plans = p;
    }
    return p;
  }

  public Optional<Plan> plan(String id) {
    Optional<Plan> known = plans().stream().filter(p -> p.id().equals(id)).findFirst();
    if (known.isEmpty()) {
      plans = null; // a plan added since the list was read
      known = plans().stream().filter(p -> p.id().equals(id)).findFirst();
    }
    return known;
  }

  public Workspace workspace(TenantId tenant) {
    Cached cached = workspaces.get(tenant);
    if (cached != null && cached.readAt().plus(CACHE).isAfter(clock.instant())) {
      return cached.workspace();
    }
    var row = db.inTenant(tenant, tx -> tx.select(TENANTS.PLAN, TENANTS.STATUS).from(TENANTS).where(TENANTS.ID.eq(tenant.value()))
        .fetchOne());
    Plan plan = plan(row == null ? "trial" : row.value1()).orElseGet(() -> plan("trial").orElseThrow());
    Workspace w = new Workspace(plan, row == null ? "active" : row.value2());
    workspaces.put(tenant, new Cached(w, clock.instant()));
    return w;
  }

  /** Forget the plans read (one was just defined here; other nodes re-read within seconds). */
  public void forgetPlans() {
    plans = null;
    workspaces.clear();
  }

  private volatile Instant plansReadAt = Instant.EPOCH;

  /** Forget what was read about a workspace (its plan or status just changed here). */
  public void forget(TenantId tenant) {
    workspaces.remove(tenant);
  }
}
