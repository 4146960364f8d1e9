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
import io.switchboard.ui.audit.AuditView;
import io.switchboard.ui.usage.UsageView;
import io.switchboard.ui.dashboard.DashboardView;
import io.switchboard.ui.executions.ExecutionsView;
import io.switchboard.ui.workflows.WorkflowsView;
import io.switchboard.ui.admin.ConsoleView;
import io.switchboard.ui.contacts.ContactsView;
import io.switchboard.ui.credentials.CredentialsView;
import io.switchboard.ui.knowledge.KnowledgeBasesView;
import io.switchboard.ui.numbers.PhoneNumbersView;
import io.switchboard.ui.sandbox.SandboxView;
import io.switchboard.ui.settings.SettingsView;
import io.switchboard.ui.templates.TemplatesView;
import io.switchboard.ui.workspace.NoticesPort;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import jakarta.annotation.security.PermitAll;

/** The frame around every signed-in page: navigation, the workspace name, sign-out. */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

  public MainLayout(AccountPort accounts, AuthenticationContext authentication, NoticesPort notices) {
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
    VerticalLayout top = new VerticalLayout(header);
    top.setPadding(false);
    top.setSpacing(false);
    notices.quota().or(notices::billing).ifPresent(n -> {
      Div banner = new Div(VaadinIcon.WARNING.create(), new Span(n.message()));
      banner.setId("workspace-notice");
      banner.getElement().setAttribute("role", "alert");
      banner.getElement().setAttribute("data-code", n.code());
      banner.getStyle().set("display", "flex").set("gap", "var(--lumo-space-s)").set("align-items", "center")
          .set("width", "100%").set("box-sizing", "border-box").set("padding", "var(--lumo-space-xs) var(--lumo-space-m)")
          .set("background", "#fdf1dc").set("color", "#6b3f00").set("font-size", "var(--lumo-font-size-s)");
      top.add(banner);
    });
    addToNavbar(top);

    SideNav nav = new SideNav();
    nav.setLabel("Main");
    nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()));
    nav.addItem(item("Get started", io.switchboard.ui.onboarding.GetStartedView.class, VaadinIcon.ROCKET, "nav-get-started"));
    SideNavItem workflows = new SideNavItem("Workflows", WorkflowsView.class, VaadinIcon.CONNECT.create());
    workflows.setMatchNested(true);
    workflows.setId("nav-workflows");
    nav.addItem(workflows);
    SideNavItem executions = new SideNavItem("Executions", ExecutionsView.class, VaadinIcon.LIST.create());
    executions.setMatchNested(true);
    executions.setId("nav-executions");
    nav.addItem(executions);
    nav.addItem(item("Templates", TemplatesView.class, VaadinIcon.RECORDS, "nav-templates"));
    nav.addItem(item("Credentials", CredentialsView.class, VaadinIcon.KEY, "nav-credentials"));
    nav.addItem(item("Phone numbers", PhoneNumbersView.class, VaadinIcon.PHONE, "nav-numbers"));
    nav.addItem(item("Knowledge bases", KnowledgeBasesView.class, VaadinIcon.BOOK, "nav-knowledge"));
    nav.addItem(item("Contacts", ContactsView.class, VaadinIcon.USERS, "nav-contacts"));
    nav.addItem(item("Sandbox", SandboxView.class, VaadinIcon.FLASK, "nav-sandbox"));
    nav.addItem(item("Usage", UsageView.class, VaadinIcon.BAR_CHART, "nav-usage"));
    nav.addItem(item("Settings", SettingsView.class, VaadinIcon.COG, "nav-settings"));
    if (workspace.map(w -> w.role().equals("owner")).orElse(false)) { // the API lets owners read the audit log
      nav.addItem(item("Audit log", AuditView.class, VaadinIcon.CLIPBOARD_TEXT, "nav-audit"));
    }
    if (workspace.map(AccountPort.Workspace::superadmin).orElse(false)) {
      nav.addItem(item("Platform console", ConsoleView.class, VaadinIcon.SERVER, "nav-console"));
    }
    addToDrawer(nav);
  }

  private static SideNavItem item(String label, Class<? extends Component> view, VaadinIcon icon, String id) {
    SideNavItem item = new SideNavItem(label, view, icon.create());
    item.setMatchNested(true);
    item.setId(id);
    return item;
  }
}
