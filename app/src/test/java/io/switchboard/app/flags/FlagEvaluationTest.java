package io.switchboard.app.flags;

import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FlagEvaluationTest {

  private static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-000000000042"));

  private static FlagDefinition flag(boolean enabled, int rollout, List<String> plans, List<UUID> allow, List<UUID> deny,
                                     boolean settable) {
    return new FlagDefinition("ai_nodes", "AI", enabled, rollout, plans, allow, deny, settable);
  }

  private static List<TenantId> syntheticTenants(int n) {
    return IntStream.range(0, n).mapToObj(i -> new TenantId(UUID.nameUUIDFromBytes(("tenant-" + i).getBytes()))).toList();
  }

  @Test
  void shouldPutAWorkspaceInTheSameRolloutBucketEveryTime() {
    for (TenantId t : syntheticTenants(50)) {
      int bucket = FlagEvaluation.bucket("ai_nodes", t);
      assertThat(bucket).isBetween(0, 99);
      assertThat(FlagEvaluation.bucket("ai_nodes", t)).isEqualTo(bucket);
    }
    assertThat(syntheticTenants(50).stream().filter(t -> FlagEvaluation.bucket("ai_nodes", t)
        != FlagEvaluation.bucket("email_outreach", t)).count())
        .as("each flag rolls out to its own share of workspaces").isGreaterThan(40);
  }

  @Test
  void shouldRollOutToRoughlyThePercentageOfWorkspaces() {
    List<TenantId> tenants = syntheticTenants(1000);
    for (int percent : new int[] {0, 10, 30, 50, 90, 100}) {
      FlagDefinition f = flag(true, percent, List.of(), List.of(), List.of(), false);
      long on = tenants.stream().filter(t -> FlagEvaluation.evaluate(f, t, "trial", Optional.empty()).enabled()).count();
      assertThat(on).as("%d%% of 1000 workspaces", percent).isBetween(Math.max(0, percent * 10 - 50L), Math.min(1000, percent * 10 + 50L));
    }
    FlagDefinition half = flag(true, 50, List.of(), List.of(), List.of(), false);
    FlagDefinition more = flag(true, 80, List.of(), List.of(), List.of(), false);
    assertThat(tenants).as("raising the rollout keeps everyone who already had the feature")
        .allMatch(t -> !FlagEvaluation.evaluate(half, t, "trial", Optional.empty()).enabled()
            || FlagEvaluation.evaluate(more, t, "trial", Optional.empty()).enabled());
    TenantId out = tenants.stream().filter(t -> FlagEvaluation.bucket("ai_nodes", t) >= 50).findFirst().orElseThrow();
    FlagDecision d = FlagEvaluation.evaluate(half, out, "trial", Optional.empty());
    assertThat(d.source()).isEqualTo("rollout");
    assertThat(d.reason()).contains("50% of workspaces");
  }

  @Test
  void shouldOfferAPlanTargetedFeatureOnlyOnThosePlans() {
    FlagDefinition f = flag(true, 100, List.of("growth", "scale"), List.of(), List.of(), false);
    assertThat(FlagEvaluation.evaluate(f, TENANT, "growth", Optional.empty()).enabled()).isTrue();
    FlagDecision trial = FlagEvaluation.evaluate(f, TENANT, "trial", Optional.empty());
    assertThat(trial.enabled()).isFalse();
    assertThat(trial.source()).isEqualTo("plan");
    assertThat(trial.reason()).contains("not part of this workspace's plan (trial)").contains("growth, scale");
  }

  @Test
  void shouldLetTheDenyListWinOverTheAllowListAndTheAllowListOverPlanAndRollout() {
    UUID id = TENANT.value();
    FlagDecision both = FlagEvaluation.evaluate(flag(true, 100, List.of(), List.of(id), List.of(id), false), TENANT, "trial",
        Optional.empty());
    assertThat(both.enabled()).isFalse();
    assertThat(both.source()).isEqualTo("deny_list");

    FlagDecision allowed = FlagEvaluation.evaluate(flag(true, 0, List.of("scale"), List.of(id), List.of(), false), TENANT,
        "trial", Optional.empty());
    assertThat(allowed.enabled()).isTrue();
    assertThat(allowed.source()).isEqualTo("allow_list");

    FlagDecision off = FlagEvaluation.evaluate(flag(false, 100, List.of(), List.of(id), List.of(), false), TENANT, "trial",
        Optional.empty());
    assertThat(off.enabled()).as("switched off for everyone is off for the allowed too").isFalse();
    assertThat(off.source()).isEqualTo("platform_off");
  }

  @Test
  void shouldCountAWorkspacesOwnSettingOnlyForFlagsItMaySet() {
    FlagDefinition settable = flag(true, 100, List.of(), List.of(), List.of(), true);
    FlagDecision own = FlagEvaluation.evaluate(settable, TENANT, "trial", Optional.of(false));
    assertThat(own.enabled()).isFalse();
    assertThat(own.source()).isEqualTo("workspace");
    assertThat(own.workspaceSetting()).contains(false);

    FlagDefinition platformOnly = flag(true, 100, List.of(), List.of(), List.of(), false);
    FlagDecision ignored = FlagEvaluation.evaluate(platformOnly, TENANT, "trial", Optional.of(false));
    assertThat(ignored.enabled()).as("a stored setting of a flag no longer settable is ignored").isTrue();
    assertThat(ignored.workspaceSetting()).isEmpty();

    FlagDecision cannotOverrideDeny = FlagEvaluation.evaluate(
        flag(true, 100, List.of(), List.of(), List.of(TENANT.value()), true), TENANT, "trial", Optional.of(true));
    assertThat(cannotOverrideDeny.enabled()).as("a workspace cannot switch on what the platform keeps from it").isFalse();
  }

  @Test
  void shouldNameTheFeatureAStepNeeds() {
    assertThat(FeatureGate.requirement("ai.llm@1")).map(FeatureGate.Requirement::flag).contains("ai_nodes");
    assertThat(FeatureGate.requirement("call.place@1")).map(FeatureGate.Requirement::flag).contains("outbound_calls");
    assertThat(FeatureGate.requirement("email.send@1")).map(FeatureGate.Requirement::flag).contains("email_outreach");
    assertThat(FeatureGate.requirement("logic.set@1")).isEmpty();
  }
}
