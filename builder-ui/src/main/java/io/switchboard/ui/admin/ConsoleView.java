package io.switchboard.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.canvas.FlowCanvas;
import io.switchboard.ui.canvas.GraphPreview;
import io.switchboard.ui.canvas.StateBadge;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.RolesAllowed;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * The platform console (superadmin only; anyone else is told the page does not exist): every
 * workspace with its plan, status, runs and revenue this month, and the platform's revenue totals;
 * suspend and reactivate; a workspace's workflows and executions read-only (each look audited in
 * that workspace); templates from its workflows and publishing template versions; the platform's
 * default AI model and global prompt.
 */
@Route("console")
@PageTitle("Platform console · Switchboard")
@RolesAllowed("SUPERADMIN")
public class ConsoleView extends VerticalLayout {

  private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.US);

  private final SuperadminPort platform;
  private final java.util.UUID ownTenant;
  private final NodeCatalog catalog;
  private final WorkflowJson json;
  private final Grid<SuperadminPort.Tenant> tenants = new Grid<>();
  private final Grid<SuperadminPort.TemplateVersion> templates = new Grid<>();
  private final com.vaadin.flow.component.html.Div totals = new com.vaadin.flow.component.html.Div();
  private java.util.Map<java.util.UUID, SuperadminPort.TenantRevenue> revenueByTenant = java.util.Map.of();

  public ConsoleView(SuperadminPort platform, NodeCatalog catalog, WorkflowJson json, AccountPort accounts) {
    this.platform = platform;
    this.ownTenant = accounts.currentWorkspace().map(w -> w.tenantId().value()).orElse(null);
    this.catalog = catalog;
    this.json = json;
    setSizeFull();

    tenants.setId("tenants-grid");
    tenants.setAriaLabel("Workspaces");
    tenants.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
    tenants.addColumn(SuperadminPort.Tenant::name).setHeader("Workspace").setFlexGrow(2).setSortable(true);
    tenants.addColumn(SuperadminPort.Tenant::plan).setHeader("Plan").setAutoWidth(true).setFlexGrow(0);
    tenants.addComponentColumn(t -> StateBadge.of(t.status(), t.status().equals("active") ? "active" : "failed"))
        .setHeader("Status").setWidth("8em").setFlexGrow(0);
    tenants.addColumn(t -> COUNT.format(t.runsThisMonth()) + t.runLimit().map(l -> " of " + COUNT.format(l)).orElse(""))
        .setHeader("Runs this month").setFlexGrow(1);
    tenants.addColumn(t -> t.users() + " / " + t.workflows()).setHeader("Users / flows").setAutoWidth(true).setFlexGrow(0);
    tenants.addComponentColumn(this::revenueCell).setHeader("Revenue").setFlexGrow(2);
    tenants.addComponentColumn(this::tenantActions).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
    tenants.setSizeFull();

    templates.setId("templates-admin-grid");
    templates.setAriaLabel("Templates");
    templates.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
    templates.addColumn(SuperadminPort.TemplateVersion::title).setHeader("Template").setFlexGrow(2);
    templates.addColumn(SuperadminPort.TemplateVersion::category).setHeader("Category").setFlexGrow(1);
    templates.addColumn(t -> "v" + t.latestVersion() + " · " + t.latestStatus()).setHeader("Newest version").setFlexGrow(1);
    templates.addColumn(t -> t.publishedVersion().map(v -> "v" + v).orElse("none")).setHeader("Published").setFlexGrow(0)
        .setWidth("8em");
    templates.addComponentColumn(t -> {
      Button publish = new Button("Publish v" + t.latestVersion(), e -> {
        try {
          platform.publish(t.id(), t.latestVersion());
          Page.done("\"" + t.title() + "\" version " + t.latestVersion() + " is published.");
          templates.setItems(platform.templates());
        } catch (Refused r) {
          Page.refused(r);
        }
      });
      publish.addThemeVariants(ButtonVariant.LUMO_SMALL);
      publish.setEnabled(t.latestStatus().equals("draft"));
      publish.setAriaLabel("Publish version " + t.latestVersion() + " of " + t.title());
      return publish;
    }).setHeader("Actions").setFlexGrow(1);
    templates.setSizeFull();

    TabSheet tabs = new TabSheet();
    tabs.setSizeFull();
    search.setId("tenants-search");
    search.setPlaceholder("Name or address");
    search.setClearButtonVisible(true);
    search.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
    search.addValueChangeListener(e -> showTenants()); // revenue does not depend on the search
    totals.setId("revenue-totals");
    totals.getStyle().set("display", "flex").set("gap", "var(--lumo-space-l)").set("flex-wrap", "wrap");
    VerticalLayout workspaces = new VerticalLayout(totals, search, tenants);
    workspaces.setPadding(false);
    workspaces.setSizeFull();
    tabs.add("Workspaces", workspaces);
    tabs.add("Templates", templates);
    tabs.add("AI settings", new AiSettingsForm(platform));
    add(Page.header("Platform console", "console-heading"), tabs);
    refresh();
  }

  private final TextField search = new TextField("Find a workspace");

  private java.util.Optional<SuperadminPort.TenantRevenue> revenue(SuperadminPort.Tenant t) {
    return java.util.Optional.ofNullable(revenueByTenant.get(t.id()));
  }

  // MRR on top, what it paid below: one column keeps the grid readable at 1280 px
  private com.vaadin.flow.component.Component revenueCell(SuperadminPort.Tenant t) {
    return revenue(t).<com.vaadin.flow.component.Component>map(r -> {
      com.vaadin.flow.component.html.Span mrr = new com.vaadin.flow.component.html.Span(money(r.mrrCents()) + " MRR");
      com.vaadin.flow.component.html.Span paid = new com.vaadin.flow.component.html.Span("paid " + money(r.paidThisMonthCents())
          + " this month · " + money(r.paidTotalCents()) + " in all");
      paid.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
      com.vaadin.flow.component.html.Div cell = new com.vaadin.flow.component.html.Div(mrr, paid);
      cell.getStyle().set("display", "flex").set("flex-direction", "column");
      return cell;
    }).orElseGet(() -> new com.vaadin.flow.component.html.Span("–"));
  }

  static String money(long cents) {
    return NumberFormat.getCurrencyInstance(Locale.US).format(cents / 100.0);
  }

  private void showTotals(SuperadminPort.Revenue revenue) {
    totals.removeAll();
    totals.add(figure("MRR", money(revenue.mrrCents()), "revenue-mrr"),
        figure("Paid in " + java.time.YearMonth.parse(revenue.month()).format(
            java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", Locale.US)), money(revenue.paidThisMonthCents()),
            "revenue-paid-month"),
        figure("Paid in all", money(revenue.paidTotalCents()), "revenue-paid-total"),
        figure("Workspaces", revenue.tenantsByStatus().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
            .collect(java.util.stream.Collectors.joining(" · ")), "revenue-tenants"));
  }

  private static com.vaadin.flow.component.html.Div figure(String label, String value, String id) {
    com.vaadin.flow.component.html.Span caption = new com.vaadin.flow.component.html.Span(label);
    caption.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    com.vaadin.flow.component.html.Span number = new com.vaadin.flow.component.html.Span(value);
    number.setId(id);
    number.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("font-weight", "600");
    com.vaadin.flow.component.html.Div box = new com.vaadin.flow.component.html.Div(caption, number);
    box.getStyle().set("display", "flex").set("flex-direction", "column");
    return box;
  }

  private void refresh() {
    SuperadminPort.Revenue revenue = platform.revenue();
    revenueByTenant = revenue.byTenant();
    showTotals(revenue);
    showTenants();
    templates.setItems(platform.templates());
  }

  private void showTenants() {
    String words = search.getValue() == null ? "" : search.getValue().strip().toLowerCase(java.util.Locale.ROOT);
    // newest first: the workspace just added is at the top
    tenants.setItems(platform.tenants().stream()
        .filter(t -> words.isEmpty() || t.name().toLowerCase(java.util.Locale.ROOT).contains(words) || t.slug().contains(words))
        .sorted(java.util.Comparator.comparing(SuperadminPort.Tenant::createdAt).reversed()).toList());
  }

  private HorizontalLayout tenantActions(SuperadminPort.Tenant t) {
    Button look = new Button("Workflows", VaadinIcon.EYE.create(), e -> openWorkspace(t));
    look.addThemeVariants(ButtonVariant.LUMO_SMALL);
    look.setAriaLabel("See the workflows and executions of " + t.name());
    boolean active = t.status().equals("active");
    Button toggle = new Button(active ? "Suspend" : "Reactivate", e -> {
      try {
        if (active) {
          platform.suspend(t.id());
        } else {
          platform.reactivate(t.id());
        }
        Page.done("\"" + t.name() + "\" is " + (active ? "suspended." : "active again."));
        refresh();
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    toggle.addThemeVariants(ButtonVariant.LUMO_SMALL, active ? ButtonVariant.LUMO_ERROR : ButtonVariant.LUMO_SUCCESS);
    toggle.setAriaLabel((active ? "Suspend " : "Reactivate ") + t.name());
    toggle.getElement().setAttribute("data-action", active ? "suspend" : "reactivate");
    // the platform's own workspace cannot be suspended
    toggle.setVisible(!t.id().equals(ownTenant));
    return new HorizontalLayout(look, toggle);
  }

  private void openWorkspace(SuperadminPort.Tenant t) {
    Dialog dialog = new Dialog();
    dialog.setId("workspace-dialog");
    dialog.setHeaderTitle(t.name() + " · read-only");
    dialog.setWidth("min(64rem, 95vw)");
    dialog.setHeight("min(40rem, 90vh)");
    Grid<SuperadminPort.Workflow> workflows = new Grid<>();
    workflows.setAriaLabel("Workflows of " + t.name());
    workflows.addColumn(SuperadminPort.Workflow::name).setHeader("Workflow").setFlexGrow(2);
    workflows.addColumn(w -> w.activeVersion().map(v -> "Active · v" + v).orElse("Inactive")).setHeader("State").setFlexGrow(1);
    workflows.addColumn(w -> Page.WHEN.format(w.updatedAt())).setHeader("Updated").setFlexGrow(1);
    workflows.addComponentColumn(w -> {
      Button view = new Button("View", e -> showGraph(t, w));
      view.addThemeVariants(ButtonVariant.LUMO_SMALL);
      view.setAriaLabel("View " + w.name());
      Button template = new Button("Make template", e -> openTemplateDialog(t, w));
      template.addThemeVariants(ButtonVariant.LUMO_SMALL);
      template.setAriaLabel("Make a template from " + w.name());
      return new HorizontalLayout(view, template);
    }).setHeader("Actions").setFlexGrow(2);
    workflows.setItems(platform.workflows(t.id()));
    Grid<SuperadminPort.Execution> executions = new Grid<>();
    executions.setAriaLabel("Executions of " + t.name());
    executions.addColumn(x -> Page.WHEN.format(x.createdAt())).setHeader("Started").setFlexGrow(1);
    executions.addColumn(SuperadminPort.Execution::workflowName).setHeader("Workflow").setFlexGrow(2);
    executions.addComponentColumn(x -> StateBadge.of(x.status(), x.status())).setHeader("Status").setFlexGrow(1);
    executions.addColumn(SuperadminPort.Execution::trigger).setHeader("Trigger").setFlexGrow(1);
    TabSheet tabs = new TabSheet();
    tabs.setSizeFull();
    tabs.add("Workflows", workflows);
    tabs.add("Executions", executions);
    // executions are read (and audited) only when their tab is opened
    tabs.addSelectedChangeListener(e -> {
      if (e.getSelectedTab().getLabel().equals("Executions")) {
        executions.setItems(platform.executions(t.id()));
      }
    });
    dialog.add(new Paragraph("What you open here is noted in this workspace's audit log."), tabs);
    dialog.getFooter().add(new Button("Close", e -> dialog.close()));
    dialog.open();
  }

  private void showGraph(SuperadminPort.Tenant t, SuperadminPort.Workflow w) {
    platform.latestGraph(t.id(), w.id()).ifPresentOrElse(graph -> {
      Dialog dialog = new Dialog();
      dialog.setHeaderTitle(w.name() + " · v" + w.latestVersion() + " · read-only");
      FlowCanvas canvas = GraphPreview.of(graph, catalog, json);
      canvas.setWidth("min(60rem, 85vw)");
      canvas.setHeight("min(28rem, 60vh)");
      dialog.add(canvas);
      dialog.getFooter().add(new Button("Close", e -> dialog.close()));
      dialog.open();
    }, () -> Page.refused(new Refused("not_found", "That workflow no longer exists.")));
  }

  private void openTemplateDialog(SuperadminPort.Tenant t, SuperadminPort.Workflow w) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Make a template from \"" + w.name() + "\"");
    TextField slug = new TextField("Short name (slug)");
    slug.setHelperText("Lower-case letters, digits and dashes, such as missed-call-text-back.");
    TextField title = new TextField("Title");
    title.setValue(w.name());
    TextField category = new TextField("Category");
    category.setValue("Messaging");
    TextField description = new TextField("Description");
    VerticalLayout body = new VerticalLayout(slug, title, category, description,
        new Paragraph("Its credentials, numbers and knowledge bases are left out and become inputs; it starts as a draft "
            + "you publish from the Templates tab."));
    body.setPadding(false);
    body.setWidth("min(28rem, 80vw)");
    body.getChildren().filter(c -> c instanceof TextField).forEach(c -> ((TextField) c).setWidthFull());
    dialog.add(body);
    Button create = new Button("Create draft", e -> {
      try {
        platform.templateFromWorkflow(t.id(), w.id(), slug.getValue(), title.getValue(), description.getValue(),
            category.getValue());
        dialog.close();
        Page.done("The draft template \"" + title.getValue() + "\" is made.");
        templates.setItems(platform.templates());
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
    dialog.open();
  }
}
