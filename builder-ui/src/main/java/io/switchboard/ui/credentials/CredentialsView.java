package io.switchboard.ui.credentials;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.ui.canvas.StateBadge;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.PermitAll;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workspace's credentials: what is stored (type, name, fields, added), never a secret; add one
 * with the form for its kind, test the connection, delete. A saved secret is never sent back to the
 * browser: the form is emptied and closed on save.
 */
@Route("credentials")
@PageTitle("Credentials · Switchboard")
@PermitAll
public class CredentialsView extends VerticalLayout {


  private final CredentialsPort credentials;
  private final Grid<CredentialsPort.Stored> grid = new Grid<>();
  private final Paragraph empty = new Paragraph("No credentials yet. Add the accounts your workflows use: "
      + "Twilio for text messages, SendGrid or your mail server for e-mail, an AI model key.");
  private final Div testResult = new Div();
  private final Map<String, CredentialsPort.CredentialKind> kinds = new LinkedHashMap<>();

  public CredentialsView(CredentialsPort credentials) {
    this.credentials = credentials;
    credentials.kinds().forEach(k -> kinds.put(k.type(), k));
    setSizeFull();

    Button add = new Button("Add credential", VaadinIcon.PLUS.create(), e -> openAddDialog());
    add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    add.setId("add-credential");

    testResult.setId("credential-test-result");
    testResult.setVisible(false);
    testResult.getElement().setAttribute("role", "status");
    testResult.getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
        .set("border-radius", "var(--lumo-border-radius-m)");

    grid.setId("credentials-grid");
    grid.setAriaLabel("Credentials");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(CredentialsPort.Stored::name).setHeader("Name").setFlexGrow(2).setSortable(true);
    grid.addColumn(c -> label(c.type())).setHeader("Type").setFlexGrow(1);
    grid.addColumn(c -> String.join(", ", c.fields())).setHeader("Fields").setFlexGrow(2);
    grid.addColumn(c -> Page.WHEN.format(c.createdAt())).setHeader("Added").setFlexGrow(1);
    grid.addComponentColumn(this::actions).setHeader("Actions").setFlexGrow(0).setAutoWidth(true);
    grid.setSizeFull();
    empty.setId("credentials-empty");

    add(Page.header("Credentials", "credentials-heading", add),
        new Paragraph("Secrets are stored encrypted and are never shown again after you save them."), testResult, empty, grid);
    refresh();
  }

  private String label(String type) {
    CredentialsPort.CredentialKind k = kinds.get(type);
    return k == null ? type : k.label();
  }

  private HorizontalLayout actions(CredentialsPort.Stored c) {
    Button test = new Button("Test", VaadinIcon.CONNECT.create(), e -> test(c));
    test.addThemeVariants(ButtonVariant.LUMO_SMALL);
    test.setAriaLabel("Test the connection of " + c.name());
    test.getElement().setAttribute("data-action", "test");
    Button delete = new Button("Delete", VaadinIcon.TRASH.create(), e -> confirmDelete(c));
    delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
    delete.setAriaLabel("Delete " + c.name());
    delete.getElement().setAttribute("data-action", "delete");
    HorizontalLayout row = new HorizontalLayout(test, delete);
    row.setSpacing(true);
    return row;
  }

  private void refresh() {
    try {
      List<CredentialsPort.Stored> list = credentials.list();
      grid.setItems(list);
      empty.setVisible(list.isEmpty());
      grid.setVisible(!list.isEmpty());
    } catch (Refused r) {
      Page.refused(r);
    }
  }

  private void test(CredentialsPort.Stored c) {
    try {
      CredentialsPort.TestResult result = credentials.test(c.id());
      testResult.removeAll();
      testResult.add(StateBadge.of(result.ok() ? "Works" : "Did not work", result.ok() ? "succeeded" : "failed"));
      testResult.add(new com.vaadin.flow.component.html.Span(" \"" + c.name() + "\": " + result.message()));
      testResult.getElement().setAttribute("data-ok", String.valueOf(result.ok()));
      testResult.getStyle().set("background", result.ok() ? "var(--lumo-success-color-10pct)" : "var(--lumo-error-color-10pct)");
      testResult.setVisible(true);
    } catch (Refused r) {
      Page.refused(r);
    }
  }

  private void confirmDelete(CredentialsPort.Stored c) {
    Dialog dialog = new Dialog();
    dialog.setId("delete-credential-dialog");
    dialog.setHeaderTitle("Delete \"" + c.name() + "\"?");
    dialog.add(new Paragraph("Steps that use it will stop working until you choose another credential. This cannot be undone."));
    Button cancel = new Button("Cancel", e -> dialog.close());
    Button delete = new Button("Delete", e -> {
      try {
        credentials.delete(c.id());
        dialog.close();
        Page.done("\"" + c.name() + "\" is deleted.");
        refresh();
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    delete.setId("confirm-delete-credential");
    delete.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
    dialog.getFooter().add(cancel, delete);
    dialog.open();
  }

  private void openAddDialog() {
    Dialog dialog = new Dialog();
    dialog.setId("add-credential-dialog");
    dialog.setHeaderTitle("Add a credential");
    Select<CredentialsPort.CredentialKind> kind = new Select<>();
    kind.setLabel("Kind");
    kind.setId("credential-kind");
    kind.setItems(kinds.values());
    kind.setItemLabelGenerator(CredentialsPort.CredentialKind::label);
    kind.setWidthFull();
    TextField name = new TextField("Name");
    name.setId("credential-name");
    name.setHelperText("How you will recognise it in step settings, such as \"Main Twilio account\".");
    name.setWidthFull();
    name.setRequiredIndicatorVisible(true);
    Paragraph description = new Paragraph();
    VerticalLayout fields = new VerticalLayout();
    fields.setPadding(false);
    fields.setSpacing(false);
    Map<String, HasValue<?, String>> values = new LinkedHashMap<>();
    kind.addValueChangeListener(e -> {
      fields.removeAll();
      values.clear();
      if (e.getValue() == null) {
        return;
      }
      description.setText(e.getValue().description());
      for (CredentialsPort.Field f : e.getValue().fields()) {
        AbstractField<?, String> input;
        if (!f.options().isEmpty()) {
          Select<String> select = new Select<>();
          select.setLabel(f.label());
          select.setItems(f.options());
          select.setValue(f.options().getFirst());
          select.setHelperText(f.help());
          select.setWidthFull();
          input = select;
        } else if (f.secret()) {
          PasswordField secret = new PasswordField(f.label());
          secret.setHelperText(f.help());
          secret.setWidthFull();
          secret.setRevealButtonVisible(false);
          secret.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.OFF);
          input = secret;
        } else {
          TextField text = new TextField(f.label());
          text.setHelperText(f.help());
          text.setWidthFull();
          input = text;
        }
        input.setId("credential-field-" + f.key());
        ((com.vaadin.flow.component.HasValue<?, ?>) input).setRequiredIndicatorVisible(f.required());
        values.put(f.key(), input);
        fields.add(input);
      }
    });
    kind.setValue(kinds.values().iterator().next());
    VerticalLayout body = new VerticalLayout(kind, description, name, fields);
    body.setPadding(false);
    body.setMaxWidth("30rem");
    body.setWidth("min(30rem, 80vw)");
    dialog.add(body);

    Button cancel = new Button("Cancel", e -> dialog.close());
    Button save = new Button("Save", e -> {
      CredentialsPort.CredentialKind k = kind.getValue();
      if (k == null) {
        kind.setInvalid(true);
        kind.setErrorMessage("Choose what kind of credential this is.");
        return;
      }
      Map<String, String> secret = new LinkedHashMap<>();
      boolean missing = false;
      for (CredentialsPort.Field f : k.fields()) {
        HasValue<?, String> input = values.get(f.key());
        String v = input.getValue() == null ? "" : input.getValue().strip();
        if (v.isEmpty() && f.required()) {
          ((com.vaadin.flow.component.HasValidation) input).setErrorMessage("Fill in " + f.label() + ".");
          ((com.vaadin.flow.component.HasValidation) input).setInvalid(true);
          missing = true;
        } else if (!v.isEmpty()) {
          secret.put(f.key(), v);
        }
      }
      if (missing) {
        return;
      }
      try {
        CredentialsPort.Stored saved = credentials.add(name.getValue(), k.type(), secret);
        // the values typed in leave the server's memory and the browser with the dialog
        values.values().forEach(HasValue::clear);
        dialog.close();
        Page.done("\"" + saved.name() + "\" is saved. Its secret is stored encrypted and will not be shown again.");
        refresh();
      } catch (Refused r) {
        if (r.code().contains("name")) {
          name.setErrorMessage(r.getMessage());
          name.setInvalid(true);
        } else {
          Page.refused(r);
        }
      }
    });
    save.setId("save-credential");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(cancel, save);
    dialog.open();
    name.focus();
  }
}
