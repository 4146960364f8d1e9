package io.switchboard.app.dashboard;

import io.switchboard.app.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's figures for API clients: the same counts the dashboard page draws. */
@RestController
public class DashboardController {

  private final DashboardQueries queries;

  public DashboardController(DashboardQueries queries) {
    this.queries = queries;
  }

  @GetMapping("/api/v1/dashboard")
  public DashboardQueries.Figures figures(@RequestParam(name = "days", defaultValue = "14") int days) {
    return queries.figures(CurrentUser.require().tenantId(), days);
  }
}
