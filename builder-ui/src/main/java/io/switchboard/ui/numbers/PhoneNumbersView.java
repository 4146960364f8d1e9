package io.switchboard.ui.numbers;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.PermitAll;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The workspace's phone numbers: attach a sandbox number, choose the workflows that answer its messages and ended calls, release it. */
@Route("phone-numbers")
@PageTitle("Phone numbers · Switchboard")
@PermitAll
public class PhoneNumbersView extends VerticalLayout {

  private final NumbersPort numbers;
  private final WorkflowService workflows;
  private final AccountPort.Workspace who;
  private final Grid<NumbersPort.Number> grid = new Grid<>();
  private final Paragraph empty = new Paragraph("No numbers yet. Attach a sandbox number to try workflows without a "
      + "Twilio account: what they send shows on the Sandbox page.");
  private Map<UUID, String> workflowNames = Map.of();

  public PhoneNumbersView(NumbersPort numbers, WorkflowService workflows, AccountPort accounts) {
    this.numbers = numbers;
    this.workflows = workflows;
    this.who = accounts.currentWorkspace().orElseThrow();
    setSizeFull();
    Button attach = new Button("Attach sandbox number", VaadinIcon.PLUS.create(), e -> openAttachDialog());
    attach.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    attach.setId("attach-number");
    grid.setId("numbers-grid");
    grid.setAriaLabel("Phone numbers");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(NumbersPort.Number::e164).setHeader("Number").setFlexGrow(1);
    grid.addColumn(NumbersPort.Number::friendlyName).setHeader("Name").setFlexGrow(1);
    grid.addColumn(n -> n.sandbox() ? "Sandbox" : "Twilio").setHeader("Provider").setFlexGrow(0).setWidth("8em");
    grid.addColumn(n -> n.messagesWorkflow().map(this::workflowName).orElse("None")).setHeader("Messages go to").setFlexGrow(1);
    grid.addColumn(n -> n.callsWorkflow().map(this::workflowName).orElse("None")).setHeader("Ended calls go to").setFlexGrow(1);
    grid.addComponentColumn(this::actions).setHeader("Actions").setFlexGrow(0).setWidth("16em");
    grid.setSizeFull();
    empty.setId("numbers-empty");
    add(Page.header("Phone numbers", "numbers-heading", attach), empty, grid);
    refresh();
  }

  private String workflowName(UUID id) {
    return workflowNames.getOrDefault(id, "A deleted workflow");
  }

  private HorizontalLayout actions(NumbersPort.Number n) {
    Button connect = new Button("Connect", VaadinIcon.CONNECT.create(), e -> openConnectDialog(n));
    connect.addThemeVariants(ButtonVariant.LUMO_SMALL);
    connect.setAriaLabel("Connect workflows to " + n.e164());
    Button release = new Button("Release", VaadinIcon.TRASH.create(), e -> confirmRelease(n));
    release.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
    release.setAriaLabel("Release " + n.e164());
    return new HorizontalLayout(connect, release);
  }

  private void refresh() {
    Map<UUID, String> names = new LinkedHashMap<>();
    workflows.list(who.tenantId()).forEach(w -> names.put(w.id(), w.name()));
    workflowNames = names;
    List<NumbersPort.Number> list = numbers.list();
    grid.setItems(list);
    empty.setVisible(list.isEmpty());
    grid.setVisible(!list.isEmpty());
  }

  private void openAttachDialog() {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Attach a sandbox number");
    TextField number = new TextField("Number");
    number.setId("new-number");
    number.setPlaceholder("+15550100123");
    number.setHelperText("With the country code. Sandbox numbers send nothing for real.");
    number.setWidthFull();
    TextField name = new TextField("Name (optional)");
    name.setId("new-number-name");
    name.setWidthFull();
    VerticalLayout body = new VerticalLayout(number, name);
    body.setPadding(false);
    body.setWidth("min(24rem, 80vw)");
    dialog.add(body);
    Button save = new Button("Attach", e -> {
      try {
        NumbersPort.Number n = numbers.attachSandbox(number.getValue(), name.getValue());
        dialog.close();
        Page.done(n.e164() + " is attached.");
        refresh();
      } catch (Refused r) {
        number.setErrorMessage(r.getMessage());
        number.setInvalid(true);
      }
    });
    save.setId("save-number");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
    dialog.open();
    number.focus();
  }

  private void openConnectDialog(NumbersPort.Number n) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Connect workflows to " + n.e164());
    Select<UUID> messages = workflowSelect("Workflow that answers messages", n.messagesWorkflow());
    messages.setId("messages-workflow");
    Select<UUID> calls = workflowSelect("Workflow that follows up ended calls", n.callsWorkflow());
    calls.setId("calls-workflow");
    VerticalLayout body = new VerticalLayout(messages, calls,
        new Paragraph("The workflow starts when its trigger matches: an inbound message trigger, or a call ended trigger."));
    body.setPadding(false);
    body.setWidth("min(26rem, 80vw)");
    dialog.add(body);
    Button save = new Button("Save", e -> {
      try {
        numbers.connect(n.id(), Optional.ofNullable(messages.getValue()), Optional.ofNullable(calls.getValue()));
        dialog.close();
        Page.done(n.e164() + " is connected.");
        refresh();
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    save.setId("save-connection");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
    dialog.open();
  }

  private Select<UUID> workflowSelect(String label, Optional<UUID> current) {
    Select<UUID> select = new Select<>();
    select.setLabel(label);
    select.setItems(workflowNames.keySet());
    select.setItemLabelGenerator(id -> id == null ? "None" : workflowName(id));
    select.setEmptySelectionAllowed(true);
    select.setEmptySelectionCaption("None");
    select.setWidthFull();
    current.filter(workflowNames::containsKey).ifPresent(select::setValue);
    return select;
  }

  private void confirmRelease(NumbersPort.Number n) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Release " + n.e164() + "?");
    dialog.add(new Paragraph("Messages and calls to it will no longer start your workflows."));
    Button release = new Button("Release", e -> {
      try {
        numbers.release(n.id());
        dialog.close();
        Page.done(n.e164() + " is released.");
        refresh();
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    release.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), release);
    dialog.open();
  }
}
