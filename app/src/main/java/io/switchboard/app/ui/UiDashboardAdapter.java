package io.switchboard.app.ui;

import io.switchboard.app.dashboard.DashboardQueries;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.ui.dashboard.DashboardPort;
import org.springframework.stereotype.Service;

/** The dashboard's side of {@link DashboardQueries}, for the signed-in workspace. */
@Service
public class UiDashboardAdapter implements DashboardPort {

  private final DashboardQueries queries;

  public UiDashboardAdapter(DashboardQueries queries) {
    this.queries = queries;
  }

  @Override
  public Figures figures(int days) {
    DashboardQueries.Figures f = queries.figures(CurrentUser.require().tenantId(), days);
    return new Figures(f.days(), f.executions(), f.messages(), f.tokens(),
        f.topFailing().stream().map(x -> new Failing(x.workflowId(), x.name(), x.failed(), x.total())).toList());
  }
}
