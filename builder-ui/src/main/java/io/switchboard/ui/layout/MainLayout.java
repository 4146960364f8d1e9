package io.switchboard.ui.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.dashboard.DashboardView;
import io.switchboard.ui.executions.ExecutionsView;
import io.switchboard.ui.workflows.WorkflowsView;
import jakarta.annotation.security.PermitAll;

/** The frame around every signed-in page: navigation, the workspace name, sign-out. */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

  public MainLayout(AccountPort accounts, AuthenticationContext authentication) {
    var workspace = accounts.currentWorkspace();
    H2 title = new H2(workspace.map(AccountPort.Workspace::tenantName).orElse("Switchboard"));
    title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
    title.setId("workspace-name");

    Span who = new Span(workspace.map(w -> w.userEmail() + " · " + w.role()).orElse(""));
    who.setId("current-user");
    Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), e -> authentication.logout());
    signOut.setId("sign-out");
    signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

    DrawerToggle toggle = new DrawerToggle();
    toggle.setAriaLabel("Show or hide the navigation");
    HorizontalLayout header = new HorizontalLayout(toggle, title, who, signOut);
    header.setWidthFull();
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.expand(title);
    header.getStyle().set("padding-right", "var(--lumo-space-m)");
    addToNavbar(header);

    SideNav nav = new SideNav();
    nav.setLabel("Main");
    nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()));
    SideNavItem workflows = new SideNavItem("Workflows", WorkflowsView.class, VaadinIcon.CONNECT.create());
    workflows.setMatchNested(true);
    workflows.setId("nav-workflows");
    nav.addItem(workflows);
    SideNavItem executions = new SideNavItem("Executions", ExecutionsView.class, VaadinIcon.LIST.create());
    executions.setMatchNested(true);
    executions.setId("nav-executions");
    nav.addItem(executions);
    addToDrawer(nav);
  }
}
