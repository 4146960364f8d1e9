package io.switchboard.app.billing;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.web.MonthParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The platform's revenue for the superadmin: {@code GET /api/v1/admin/revenue?month=2026-11}. */
@RestController
public class PlatformRevenueController {

  private final PlatformRevenue revenue;

  public PlatformRevenueController(PlatformRevenue revenue) {
    this.revenue = revenue;
  }

  @GetMapping("/api/v1/admin/revenue")
  public PlatformRevenue.Summary revenue(@RequestParam(required = false) String month) {
    CurrentUser.require().requireSuperadmin("see the platform's revenue");
    return revenue.summary(MonthParameter.parse(month, revenue::thisMonth));
  }
}
