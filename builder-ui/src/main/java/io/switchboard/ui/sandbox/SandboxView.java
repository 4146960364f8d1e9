package io.switchboard.ui.sandbox;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.PermitAll;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * The sandbox: everything the workspace's workflows "sent" without a real provider (refreshing on
 * its own), and forms that simulate what the outside world does — a text message coming in, a call
 * that ended, an e-mail being opened or bouncing, a booking — as genuinely signed webhooks.
 */
@Route("sandbox")
@PageTitle("Sandbox · Switchboard")
@PermitAll
public class SandboxView extends VerticalLayout {


  private final SandboxPort sandbox;
  private final Grid<SandboxPort.Sent> outbox = new Grid<>();
  private Registration polling;

  public SandboxView(SandboxPort sandbox) {
    this.sandbox = sandbox;
    setSizeFull();
    List<String> numbers = sandbox.numbers();

    TabSheet simulate = new TabSheet();
    simulate.setId("simulate");
    simulate.setWidthFull();
    simulate.add("Inbound SMS", smsForm(numbers));
    simulate.add("Call ended", callForm(numbers));
    simulate.add("E-mail event", emailForm());
    simulate.add("Booking", bookingForm());

    outbox.setId("outbox-grid");
    outbox.setAriaLabel("Sandbox outbox");
    outbox.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
    outbox.addColumn(s -> Page.WHEN.format(s.at())).setHeader("Sent").setFlexGrow(0).setWidth("12em");
    outbox.addColumn(SandboxPort.Sent::channel).setHeader("Channel").setFlexGrow(0).setWidth("7em");
    outbox.addColumn(SandboxPort.Sent::to).setHeader("To").setFlexGrow(1);
    outbox.addColumn(s -> s.subject().map(subj -> subj + " — ").orElse("") + s.body()).setHeader("Message").setFlexGrow(3);
    outbox.setMinHeight("16rem");
    outbox.setHeight("100%");

    Paragraph intro = new Paragraph(numbers.isEmpty()
        ? "Attach a sandbox number on the Phone numbers page to simulate messages and calls."
        : "Nothing here reaches a real phone or inbox. Simulate what customers do, and see what your workflows send.");
    com.vaadin.flow.component.html.H2 outboxHeading = new com.vaadin.flow.component.html.H2("Outbox");
    outboxHeading.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
    add(Page.header("Sandbox", "sandbox-heading"), intro, simulate, outboxHeading, outbox);
    refresh();
  }

  @Override
  protected void onAttach(AttachEvent event) {
    event.getUI().setPollInterval(2000);
    polling = event.getUI().addPollListener(e -> refresh());
  }

  @Override
  protected void onDetach(DetachEvent event) {
    if (polling != null) {
      polling.remove();
    }
    event.getUI().setPollInterval(-1);
  }

  private void refresh() {
    outbox.setItems(sandbox.outbox(100));
  }

  private FormLayout smsForm(List<String> numbers) {
    TextField from = new TextField("From");
    from.setId("sms-from");
    from.setValue("+15557654321");
    from.setHelperText("The customer's number, with the country code.");
    Select<String> to = numberSelect("To (your number)", numbers);
    to.setId("sms-to");
    TextArea body = new TextArea("Message");
    body.setId("sms-body");
    body.setValue("Hi, can I book a cleaning next week?");
    FormLayout form = new FormLayout(from, to, body, send("Send SMS", "simulate-sms",
        () -> sandbox.simulateSms(from.getValue(), to.getValue(), body.getValue())));
    form.setColspan(body, 2);
    return form;
  }

  private FormLayout callForm(List<String> numbers) {
    TextField from = new TextField("Caller");
    from.setId("call-from");
    from.setValue("+15557654321");
    Select<String> to = numberSelect("Number called", numbers);
    to.setId("call-to");
    IntegerField duration = new IntegerField("Duration (seconds)");
    duration.setId("call-duration");
    duration.setValue(90);
    duration.setMin(0);
    TextField summary = new TextField("Call summary (optional)");
    summary.setId("call-summary");
    return new FormLayout(from, to, duration, summary, send("Simulate call ended", "simulate-call",
        () -> sandbox.simulateCallEnded(from.getValue(), to.getValue(), duration.getValue() == null ? 0 : duration.getValue(),
            summary.getValue())));
  }

  private FormLayout emailForm() {
    List<SandboxPort.Email> emails = sandbox.recentEmails();
    Select<SandboxPort.Email> message = new Select<>();
    message.setLabel("E-mail");
    message.setId("email-message");
    message.setItems(emails);
    message.setItemLabelGenerator(m -> m.to() + ": " + m.subject());
    message.setHelperText(emails.isEmpty() ? "Your workflows have sent no e-mail yet." : "One of the e-mails your workflows sent.");
    Select<String> event = new Select<>();
    event.setLabel("What happens");
    event.setId("email-event");
    event.setItems("delivered", "open", "click", "bounce", "spamreport", "unsubscribe");
    event.setValue("open");
    return new FormLayout(message, event, send("Simulate e-mail event", "simulate-email", () -> {
      if (message.getValue() == null) {
        throw new Refused("invalid_message", "Choose the e-mail the event is about.");
      }
      return sandbox.simulateEmailEvent(message.getValue().messageId(), event.getValue());
    }));
  }

  private FormLayout bookingForm() {
    Select<String> event = new Select<>();
    event.setLabel("Booking event");
    event.setId("booking-event");
    event.setItems("created", "rescheduled", "cancelled");
    event.setValue("created");
    TextField name = new TextField("Attendee name");
    name.setId("booking-name");
    name.setValue("Sam Sample");
    TextField email = new TextField("Attendee e-mail");
    email.setId("booking-email");
    email.setValue("sam@example.com");
    TextField phone = new TextField("Attendee phone (optional)");
    phone.setId("booking-phone");
    return new FormLayout(event, name, email, phone, send("Simulate booking", "simulate-booking",
        () -> sandbox.simulateBooking(event.getValue(), name.getValue(), email.getValue(), phone.getValue())));
  }

  private static Select<String> numberSelect(String label, List<String> numbers) {
    Select<String> select = new Select<>();
    select.setLabel(label);
    select.setItems(numbers);
    if (!numbers.isEmpty()) {
      select.setValue(numbers.getFirst());
    }
    return select;
  }

  private Button send(String label, String id, IntSupplier action) {
    Button button = new Button(label, e -> {
      try {
        int status = action.getAsInt();
        if (status >= 200 && status < 300) {
          Page.done("Sent: this server accepted the simulated webhook (answer " + status + "). Connected workflows start from it.");
        } else {
          Page.refused(new Refused("webhook_refused", "The simulation was sent, but this server answered " + status
              + ". Check that the number and the message are right."));
        }
        refresh();
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    button.setId(id);
    button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    return button;
  }
}
