package io.switchboard.ui.dashboard;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.ui.account.AccountPort;
import jakarta.annotation.security.PermitAll;

/** The first page after sign-in. Charts arrive with the Builder UI; until then it says what's next. */
@Route("")
@PageTitle("Dashboard · Switchboard")
@PermitAll
public class DashboardView extends VerticalLayout {

  public DashboardView(AccountPort accounts) {
    String name = accounts.currentWorkspace().map(AccountPort.Workspace::tenantName).orElse("your workspace");
    H1 heading = new H1("Welcome to " + name);
    heading.setId("dashboard-heading");
    add(heading, new Paragraph("No workflows have run yet. When they do, this page shows how they are doing."));
  }
}
