package io.switchboard.app.flags;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.FeatureFlagsRecord;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.FEATURE_FLAGS;
import static io.switchboard.schema.jooq.Tables.TENANT_FEATURE_FLAGS;

/**
 * The one place flags are decided: {@link #enabled} answers for a workspace with the reason. A
 * workspace's decisions are kept for ten seconds, and forgotten on this node as soon as a flag or
 * a workspace's setting changes here (other nodes catch up within the ten seconds).
 */
@Component
public class FeatureFlags {

  static final Duration CACHED_FOR = Duration.ofSeconds(10);

  private final TenantDatabase db;
  private final PlanCatalog plans;
  private final AuditLog audit;
  private final Clock clock;
  private final LoadingCache<TenantId, Map<String, FlagDecision>> decisions;

  public FeatureFlags(TenantDatabase db, PlanCatalog plans, AuditLog audit, Clock clock) {
    this.db = db;
    this.plans = plans;
    this.audit = audit;
    this.clock = clock;
    this.decisions = Caffeine.newBuilder().expireAfterWrite(CACHED_FOR).maximumSize(10_000).build(this::decide);
  }

  /** Whether the feature is on for the workspace, and why. An unknown flag is off. */
  public FlagDecision enabled(TenantId tenant, String key) {
    FlagDecision d = decisions.get(tenant).get(key);
    return d == null ? FlagEvaluation.unknown(key) : d;
  }

  /** Every flag, as decided for the workspace. */
  public List<FlagDecision> all(TenantId tenant) {
    return List.copyOf(decisions.get(tenant).values());
  }

  public List<FlagDefinition> definitions() {
    return db.platform(tx -> tx.selectFrom(FEATURE_FLAGS).orderBy(FEATURE_FLAGS.KEY).fetch(FeatureFlags::definition));
  }

  public Optional<FlagDefinition> definition(String key) {
    return db.platform(tx -> tx.selectFrom(FEATURE_FLAGS).where(FEATURE_FLAGS.KEY.eq(key)).fetchOptional(FeatureFlags::definition));
  }

  /**
   * Creates or replaces a flag's definition (the superadmin). Recorded in the acting superadmin's
   * audit log, and in that of every workspace let in or kept out by the change.
   */
  public FlagDefinition define(FlagDefinition flag, TenantId actorTenant, AuditLog.Actor actor) {
    Optional<FlagDefinition> before = definition(flag.key());
    db.platform(tx -> tx.insertInto(FEATURE_FLAGS)
        .set(FEATURE_FLAGS.KEY, flag.key())
        .set(FEATURE_FLAGS.DESCRIPTION, flag.description())
        .set(FEATURE_FLAGS.ENABLED, flag.enabled())
        .set(FEATURE_FLAGS.ROLLOUT_PERCENT, flag.rolloutPercent())
        .set(FEATURE_FLAGS.PLANS, flag.plans().toArray(String[]::new))
        .set(FEATURE_FLAGS.ALLOW_TENANTS, flag.allowTenants().toArray(UUID[]::new))
        .set(FEATURE_FLAGS.DENY_TENANTS, flag.denyTenants().toArray(UUID[]::new))
        .set(FEATURE_FLAGS.TENANT_SETTABLE, flag.tenantSettable())
        .set(FEATURE_FLAGS.UPDATED_AT, now())
        .onConflict(FEATURE_FLAGS.KEY).doUpdate()
        .set(FEATURE_FLAGS.DESCRIPTION, flag.description())
        .set(FEATURE_FLAGS.ENABLED, flag.enabled())
        .set(FEATURE_FLAGS.ROLLOUT_PERCENT, flag.rolloutPercent())
        .set(FEATURE_FLAGS.PLANS, flag.plans().toArray(String[]::new))
        .set(FEATURE_FLAGS.ALLOW_TENANTS, flag.allowTenants().toArray(UUID[]::new))
        .set(FEATURE_FLAGS.DENY_TENANTS, flag.denyTenants().toArray(UUID[]::new))
        .set(FEATURE_FLAGS.TENANT_SETTABLE, flag.tenantSettable())
        .set(FEATURE_FLAGS.UPDATED_AT, now())
        .execute());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("flag", flag.key());
    details.put("enabled", flag.enabled());
    details.put("rolloutPercent", flag.rolloutPercent());
    details.put("plans", flag.plans());
    details.put("allowTenants", flag.allowTenants());
    details.put("denyTenants", flag.denyTenants());
    details.put("tenantSettable", flag.tenantSettable());
    details.put("created", before.isEmpty());
    db.runInTenant(actorTenant, tx -> audit.record(tx, actorTenant, actor, "feature_flag.define", "feature_flag", flag.key(), details));
    Set<UUID> touched = new HashSet<>();
    touched.addAll(changed(before.map(FlagDefinition::allowTenants).orElse(List.of()), flag.allowTenants()));
    touched.addAll(changed(before.map(FlagDefinition::denyTenants).orElse(List.of()), flag.denyTenants()));
    touched.remove(actorTenant.value());
    for (UUID t : touched) {
      TenantId tenant = new TenantId(t);
      db.runInTenant(tenant, tx -> audit.record(tx, tenant, actor, "feature_flag.define", "feature_flag", flag.key(), details));
    }
    decisions.invalidateAll();
    return definition(flag.key()).orElseThrow();
  }

  /** A workspace administrator's own setting of a flag the platform lets workspaces set. */
  public FlagDecision setForWorkspace(TenantId tenant, AuditLog.Actor actor, String key, boolean enabled) {
    FlagDefinition flag = definition(key).filter(FlagDefinition::tenantSettable)
        .orElseThrow(() -> new IllegalArgumentException("flag " + key + " may not be set by a workspace"));
    db.runInTenant(tenant, tx -> {
      tx.insertInto(TENANT_FEATURE_FLAGS)
          .set(TENANT_FEATURE_FLAGS.TENANT_ID, tenant.value())
          .set(TENANT_FEATURE_FLAGS.FLAG_KEY, flag.key())
          .set(TENANT_FEATURE_FLAGS.ENABLED, enabled)
          .set(TENANT_FEATURE_FLAGS.UPDATED_AT, now())
          .set(TENANT_FEATURE_FLAGS.UPDATED_BY, actor.userId())
          .onConflict(TENANT_FEATURE_FLAGS.TENANT_ID, TENANT_FEATURE_FLAGS.FLAG_KEY).doUpdate()
          .set(TENANT_FEATURE_FLAGS.ENABLED, enabled)
          .set(TENANT_FEATURE_FLAGS.UPDATED_AT, now())
          .set(TENANT_FEATURE_FLAGS.UPDATED_BY, actor.userId())
          .execute();
      audit.record(tx, tenant, actor, "feature_flag.set", "feature_flag", flag.key(), Map.of("enabled", enabled));
    });
    decisions.invalidate(tenant);
    return enabled(tenant, key);
  }

  private Map<String, FlagDecision> decide(TenantId tenant) {
    String plan = plans.workspace(tenant).plan().id();
    record Read(List<FlagDefinition> flags, Map<String, Boolean> own) {}
    // one transaction in the workspace: the catalog has no row-level security, the settings do
    Read read = db.inTenant(tenant, tx -> new Read(
        tx.selectFrom(FEATURE_FLAGS).orderBy(FEATURE_FLAGS.KEY).fetch(FeatureFlags::definition),
        tx.select(TENANT_FEATURE_FLAGS.FLAG_KEY, TENANT_FEATURE_FLAGS.ENABLED).from(TENANT_FEATURE_FLAGS)
            .fetchMap(TENANT_FEATURE_FLAGS.FLAG_KEY, TENANT_FEATURE_FLAGS.ENABLED)));
    Map<String, Boolean> own = read.own();
    Map<String, FlagDecision> decided = new LinkedHashMap<>();
    for (FlagDefinition flag : read.flags()) {
      decided.put(flag.key(), FlagEvaluation.evaluate(flag, tenant, plan, Optional.ofNullable(own.get(flag.key()))));
    }
    return decided;
  }

  private static Set<UUID> changed(List<UUID> before, List<UUID> after) {
    Set<UUID> out = new HashSet<>(before);
    out.addAll(after);
    Set<UUID> both = new HashSet<>(before);
    both.retainAll(after);
    out.removeAll(both);
    return out;
  }

  private static FlagDefinition definition(FeatureFlagsRecord r) {
    return new FlagDefinition(r.getKey(), r.getDescription(), r.getEnabled(), r.getRolloutPercent(),
        Arrays.asList(r.getPlans()), Arrays.asList(r.getAllowTenants()), Arrays.asList(r.getDenyTenants()),
        r.getTenantSettable());
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
