package io.switchboard.app.ui;

import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.plans.QuotaAdmission;
import io.switchboard.app.plans.UsageMeter;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.ui.workspace.NoticesPort;
import org.springframework.stereotype.Service;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.Optional;

/** The banner's side of the plan and its usage: the same limit and counter {@link QuotaAdmission} admits runs against. */
@Service
public class UiNoticesAdapter implements NoticesPort {

  private final PlanCatalog plans;
  private final UsageMeter usage;

  private final io.switchboard.app.billing.BillingService billing;

  public UiNoticesAdapter(PlanCatalog plans, UsageMeter usage, io.switchboard.app.billing.BillingService billing) {
    this.plans = plans;
    this.usage = usage;
    this.billing = billing;
  }

  @Override
  public Optional<Notice> quota() {
    Optional<SwitchboardUser> user = CurrentUser.get();
    if (user.isEmpty()) {
      return Optional.empty();
    }
    PlanCatalog.Workspace workspace = plans.workspace(user.get().tenantId());
    Optional<Long> limit = workspace.plan().limit(QuotaAdmission.EXECUTIONS);
    long used = usage.current(user.get().tenantId()).getOrDefault(QuotaAdmission.EXECUTIONS, 0L);
    if (limit.isEmpty() || used < limit.get()) {
      return Optional.empty();
    }
    return Optional.of(new Notice("quota_exceeded", "Your workspace has used all "
        + NumberFormat.getIntegerInstance(Locale.US).format(limit.get()) + " workflow runs of its "
        + workspace.plan().name() + " plan this month, so new runs are refused. Upgrade the plan to run more now; "
        + "the allowance starts again on the 1st."));
  }

  /** The billing service's notice (a payment overdue, its grace period and throttle), as {@code GET /api/v1/billing} gives it. */
  @Override
  public Optional<Notice> billing() {
    return CurrentUser.get().flatMap(u -> billing.view(u.tenantId()).notice())
        .map(n -> new Notice(n.code(), n.message()));
  }
}
