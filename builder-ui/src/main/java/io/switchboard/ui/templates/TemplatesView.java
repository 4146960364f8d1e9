package io.switchboard.ui.templates;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.templates.TemplateManifest;
import io.switchboard.ui.canvas.FlowCanvas;
import io.switchboard.ui.canvas.GraphPreview;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workflows.WorkflowEditorView;
import io.switchboard.ui.workspace.Refused;
import io.switchboard.ui.workspace.WorkspacePort;
import jakarta.annotation.security.PermitAll;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Ready-made workflows by category: preview one on the canvas, or "Use template", which asks for
 * what it needs (credentials of the right kind, a number, a knowledge base, texts with their
 * defaults, the Cal.com link), makes the workflow and opens it in the editor.
 */
@Route("templates")
@PageTitle("Templates · Switchboard")
@PermitAll
public class TemplatesView extends VerticalLayout {

  private final TemplatesPort templates;
  private final WorkspacePort workspace;
  private final NodeCatalog catalog;
  private final WorkflowJson json;

  public TemplatesView(TemplatesPort templates, WorkspacePort workspace, NodeCatalog catalog, WorkflowJson json) {
    this.templates = templates;
    this.workspace = workspace;
    this.catalog = catalog;
    this.json = json;
    add(Page.header("Templates", "templates-heading"),
        new Paragraph("Start from a workflow that already works: preview it, then use it with your own numbers and accounts."));
    Map<String, List<TemplatesPort.Card>> byCategory = new TreeMap<>();
    templates.gallery().forEach(c -> byCategory.computeIfAbsent(
        c.own() ? "Saved by your team" : category(c.category()),
        k -> new java.util.ArrayList<>()).add(c));
    if (byCategory.isEmpty()) {
      Paragraph none = new Paragraph("No templates are published yet.");
      none.setId("templates-empty");
      add(none);
    }
    byCategory.forEach((category, cards) -> {
      H2 heading = new H2(category);
      heading.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "var(--lumo-space-m) 0 0");
      Div grid = new Div();
      grid.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(16rem, 1fr))")
          .set("gap", "var(--lumo-space-m)").set("width", "100%");
      cards.forEach(c -> grid.add(card(c)));
      add(heading, grid);
    });
  }

  private static String category(String raw) {
    if (raw == null || raw.isBlank()) {
      return "Other";
    }
    String c = raw.strip().replace('-', ' ');
    return Character.toUpperCase(c.charAt(0)) + c.substring(1);
  }

  private Component card(TemplatesPort.Card c) {
    H3 title = new H3(c.title());
    title.getStyle().set("font-size", "var(--lumo-font-size-m)").set("margin", "0");
    Paragraph description = new Paragraph(c.description() == null ? "" : c.description());
    description.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)")
        .set("flex", "1");
    Button preview = new Button("Preview", VaadinIcon.EYE.create(), e -> preview(c));
    preview.setAriaLabel("Preview " + c.title());
    preview.getElement().setAttribute("data-action", "preview");
    Button use = new Button("Use template", e -> openUseDialog(c));
    use.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    use.setAriaLabel("Use the template " + c.title());
    use.getElement().setAttribute("data-action", "use");
    Div buttons = new Div(preview, use);
    buttons.getStyle().set("display", "flex").set("gap", "var(--lumo-space-s)").set("flex-wrap", "wrap");
    Div card = new Div(title, description, buttons);
    card.addClassName("sb-template-card");
    card.getElement().setAttribute("data-template", c.title());
    card.getElement().setAttribute("role", "article");
    card.getElement().setAttribute("aria-label", c.title());
    card.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)")
        .set("padding", "var(--lumo-space-m)").set("border", "1px solid var(--lumo-contrast-10pct)")
        .set("border-radius", "var(--lumo-border-radius-l)").set("background", "var(--lumo-base-color)");
    return card;
  }

  private Optional<TemplatesPort.Template> load(TemplatesPort.Card c) {
    Optional<TemplatesPort.Template> t = templates.template(c.id(), c.own());
    if (t.isEmpty()) {
      Page.refused(new Refused("not_found", "\"" + c.title() + "\" is no longer available."));
    }
    return t;
  }

  private void preview(TemplatesPort.Card c) {
    load(c).ifPresent(t -> {
      Dialog dialog = new Dialog();
      dialog.setId("template-preview");
      dialog.setHeaderTitle(c.title() + " · version " + t.version());
      FlowCanvas canvas = GraphPreview.of(t.graph(), catalog, json);
      canvas.setWidth("min(60rem, 85vw)");
      canvas.setHeight("min(28rem, 60vh)");
      dialog.add(new Paragraph(c.description() == null ? "" : c.description()), canvas);
      Button close = new Button("Close", e -> dialog.close());
      Button use = new Button("Use template", e -> {
        dialog.close();
        openUseDialog(c);
      });
      use.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      use.setId("template-preview-use");
      dialog.getFooter().add(close, use);
      dialog.open();
    });
  }

  private void openUseDialog(TemplatesPort.Card c) {
    Optional<TemplatesPort.Template> loaded = load(c);
    if (loaded.isEmpty()) {
      return;
    }
    TemplatesPort.Template t = loaded.get();
    Dialog dialog = new Dialog();
    dialog.setId("use-template-dialog");
    dialog.setHeaderTitle("Use \"" + c.title() + "\"");
    TextField name = new TextField("Name of the new workflow");
    name.setId("template-workflow-name");
    name.setValue(c.title());
    name.setWidthFull();
    VerticalLayout body = new VerticalLayout(name);
    body.setPadding(false);
    body.setWidth("min(30rem, 80vw)");
    Map<String, HasValue<?, String>> answers = new LinkedHashMap<>();
    for (TemplateManifest.Input input : t.manifest().inputs()) {
      Component field = field(input);
      field.setId("template-input-" + input.key());
      @SuppressWarnings("unchecked")
      HasValue<?, String> value = (HasValue<?, String>) field;
      answers.put(input.key(), value);
      body.add(field);
    }
    Checkbox activate = new Checkbox("Switch it on now");
    activate.setId("template-activate");
    body.add(activate);
    UnorderedList problems = new UnorderedList();
    problems.setId("template-problems");
    problems.getStyle().set("color", "var(--lumo-error-text-color)");
    problems.setVisible(false);
    body.add(problems);
    dialog.add(body);

    Button cancel = new Button("Cancel", e -> dialog.close());
    Button create = new Button("Create workflow", e -> {
      Map<String, String> given = new LinkedHashMap<>();
      answers.forEach((key, field) -> {
        String v = field.getValue();
        if (v != null && !v.isBlank()) {
          given.put(key, v.strip());
        }
      });
      try {
        TemplatesPort.Made made = templates.use(c.id(), c.own(), given, name.getValue(), activate.getValue());
        dialog.close();
        made.notActiveBecause().ifPresentOrElse(
            why -> Page.refused(new Refused("not_active", "The workflow is made but not switched on: " + why)),
            () -> Page.done("\"" + name.getValue() + "\" is ready" + (made.active() ? " and switched on." : ".")));
        getUI().ifPresent(ui -> ui.navigate(WorkflowEditorView.class,
            new RouteParameters("id", made.workflowId().toString())));
      } catch (Refused r) {
        problems.removeAll();
        List<String> lines = r.details().isEmpty() ? List.of(r.getMessage()) : r.details();
        lines.forEach(l -> problems.add(new ListItem(l)));
        problems.setVisible(true);
      }
    });
    create.setId("create-from-template");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(cancel, create);
    dialog.open();
  }

  private Component field(TemplateManifest.Input input) {
    String label = input.label() + (input.required() ? "" : " (optional)");
    return switch (input.kind()) {
      case CREDENTIAL -> {
        List<String> types = input.credentialType() == null ? List.of()
            : Arrays.stream(input.credentialType().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        Map<String, String> options = new LinkedHashMap<>();
        workspace.credentials(Optional.empty()).stream().filter(cr -> types.isEmpty() || types.contains(cr.type()))
            .forEach(cr -> options.put(cr.id().toString(), cr.name()));
        String help = options.isEmpty() ? "You have no " + String.join(" or ", types) + " credential yet; add one on the "
            + "Credentials page." : input.help();
        yield select(label, help, options, input.required());
      }
      case PHONE_NUMBER -> {
        Map<String, String> options = new LinkedHashMap<>();
        templates.phoneNumbers().forEach(n -> options.put(n.value(), n.label()));
        yield select(label, options.isEmpty() ? "You have no number yet; add one on the Phone numbers page." : input.help(),
            options, input.required());
      }
      case KNOWLEDGE_BASE -> {
        Map<String, String> options = new LinkedHashMap<>();
        templates.knowledgeBases().forEach(k -> options.put(k.value(), k.label()));
        yield select(label, options.isEmpty() ? "You have no knowledge base yet; create one on the Knowledge bases page."
            : input.help(), options, input.required());
      }
      case CALCOM_LINK -> {
        TextField link = new TextField(label);
        link.setPlaceholder("https://cal.com/your-name/30min");
        link.setHelperText(input.help());
        link.setWidthFull();
        link.setRequiredIndicatorVisible(input.required());
        yield link;
      }
      case TEXT, WORKFLOW -> {
        TextField text = new TextField(label);
        text.setHelperText(input.help());
        text.setWidthFull();
        text.setRequiredIndicatorVisible(input.required());
        if (input.defaultValue() != null) {
          text.setValue(input.defaultValue());
        }
        yield text;
      }
    };
  }

  private static Select<String> select(String label, String help, Map<String, String> options, boolean required) {
    Select<String> select = new Select<>();
    select.setLabel(label);
    select.setHelperText(help);
    select.setItems(options.keySet());
    select.setItemLabelGenerator(k -> k == null ? "None" : options.getOrDefault(k, k));
    select.setEmptySelectionAllowed(!required);
    select.setEmptySelectionCaption("None");
    select.setRequiredIndicatorVisible(required);
    select.setWidthFull();
    if (required && options.size() == 1) {
      select.setValue(options.keySet().iterator().next());
    }
    return select;
  }
}
