package io.switchboard.app.ai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * AI usage per model call: a row in {@code ai_usage} (tenant, workflow, execution, step, tokens,
 * estimated cost) for quotas and billing, and Prometheus counters of tokens and cost per tenant.
 */
public final class PostgresUsageMeter implements UsageMeter {

  private static final Logger log = LoggerFactory.getLogger(PostgresUsageMeter.class);

  public static final String TOKENS_PER_DAY = "llm_tokens_per_day";

  private final TenantDatabase db;
  private final MeterRegistry meters;
  private final io.switchboard.app.plans.PlanCatalog plans;
  private final io.switchboard.app.plans.UsageMeter counters;

  public PostgresUsageMeter(TenantDatabase db, MeterRegistry meters, io.switchboard.app.plans.PlanCatalog plans,
                            io.switchboard.app.plans.UsageMeter counters) {
    this.db = db;
    this.meters = meters;
    this.plans = plans;
    this.counters = counters;
  }

  @Override
  public void admit(TenantId tenant, boolean sandbox) throws io.switchboard.engine.spi.NodeFailure {
    if (sandbox) {
      return;
    }
    io.switchboard.app.plans.PlanCatalog.Plan plan = plans.workspace(tenant).plan();
    java.util.Optional<Long> limit = plan.limit(TOKENS_PER_DAY);
    if (limit.isPresent() && counters.used(tenant, TOKENS_PER_DAY, io.switchboard.app.plans.UsageMeter.Period.DAY) >= limit.get()) {
      throw new io.switchboard.engine.spi.NodeFailure("quota_exceeded", "Today's AI allowance of your " + plan.name()
          + " plan (" + limit.get() + " tokens a day) is used up; AI steps run again tomorrow (UTC), or upgrade the plan.", false);
    }
  }

  @Override
  public void record(TenantId tenant, Usage usage) {
    try {
      db.runInTenant(tenant, tx -> tx.execute("""
          INSERT INTO ai_usage (tenant_id, id, workflow_id, execution_id, node_id, provider, model, input_tokens,
                                output_tokens, cost_usd, tokens_estimated, sandbox)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", tenant.value(), UUID.randomUUID(), usage.workflowId(),
          usage.executionId(), usage.nodeId(), usage.provider(), usage.model(), usage.inputTokens(), usage.outputTokens(),
          usage.estimatedCostUsd().map(BigDecimal::valueOf).orElse(null), usage.tokensEstimated(), usage.sandbox()));
    } catch (RuntimeException e) {
      // Metering must not fail the step whose model call already happened (and was paid for).
      log.warn("could not record AI usage of execution {}", usage.executionId(), e);
    }
    if (!usage.sandbox()) {
      // counted after the call (its size is known only then): a call may end a little past the day's limit, the next is refused
      counters.add(tenant, TOKENS_PER_DAY, io.switchboard.app.plans.UsageMeter.Period.DAY,
          (long) usage.inputTokens() + usage.outputTokens());
    }
    String t = tenant.toString();
    Counter.builder("switchboard.llm.tokens").tag("tenant", t).tag("provider", usage.provider()).tag("direction", "input")
        .register(meters).increment(usage.inputTokens());
    Counter.builder("switchboard.llm.tokens").tag("tenant", t).tag("provider", usage.provider()).tag("direction", "output")
        .register(meters).increment(usage.outputTokens());
    usage.estimatedCostUsd().ifPresent(cost -> Counter.builder("switchboard.llm.cost.usd").tag("tenant", t)
        .register(meters).increment(cost));
  }
}
