package io.switchboard.ui.account;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

import java.time.ZoneId;
import java.util.List;

/** Sign-up: creates a workspace (tenant) and its owner, then sends the person to sign in. */
@Route(value = "signup", autoLayout = false)
@PageTitle("Create a workspace · Switchboard")
@AnonymousAllowed
public class SignUpView extends VerticalLayout {

  final TextField company = new TextField("Business name");
  final TextField name = new TextField("Your name");
  final EmailField email = new EmailField("E-mail");
  final PasswordField password = new PasswordField("Password");
  final ComboBox<String> timezone = new ComboBox<>("Time zone");
  final Button create = new Button("Create workspace");
  final Paragraph error = new Paragraph();

  public SignUpView(AccountPort accounts) {
    setSizeFull();
    setAlignItems(Alignment.CENTER);
    company.setId("signup-company");
    company.setRequired(true);
    name.setId("signup-name");
    email.setId("signup-email");
    email.setRequired(true);
    password.setId("signup-password");
    password.setRequired(true);
    password.setHelperText("At least 10 characters.");
    List<String> zones = ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/") && !z.startsWith("Etc/"))
        .sorted().toList();
    timezone.setItems(zones);
    timezone.setValue("America/New_York");
    timezone.setId("signup-timezone");
    timezone.setHelperText("Schedules and business hours use this time zone.");
    error.setId("signup-error");
    error.getStyle().set("color", "var(--lumo-error-text-color)");
    error.setVisible(false);
    create.setId("signup-submit");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.addClickShortcut(Key.ENTER);
    create.addClickListener(e -> submit(accounts));

    FormLayout form = new FormLayout(company, name, email, password, timezone);
    form.setWidth("min(28rem, 100%)");
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
    setAlignSelf(Alignment.CENTER, form);
    add(new H1("Create your workspace"), error, form, create,
        new Paragraph(new com.vaadin.flow.component.Text("Already have an account? "), new Anchor("login", "Sign in")));
  }

  private void submit(AccountPort accounts) {
    for (var field : List.of(company, email, password)) {
      field.setInvalid(false);
    }
    error.setVisible(false);
    try {
      accounts.signUp(new AccountPort.SignUpForm(company.getValue(), name.getValue(), email.getValue(),
          password.getValue(), timezone.getValue()));
      getUI().ifPresent(ui -> ui.getPage().setLocation("login?registered"));
    } catch (AccountPort.SignUpRejected rejected) {
      error.setText(rejected.getMessage());
      error.setVisible(true);
      rejected.field().ifPresent(f -> {
        switch (f) {
          case "companyName" -> markInvalid(company, rejected.getMessage());
          case "email" -> markInvalid(email, rejected.getMessage());
          case "password" -> markInvalid(password, rejected.getMessage());
          default -> { }
        }
      });
    }
  }

  private static void markInvalid(com.vaadin.flow.component.textfield.TextFieldBase<?, String> field, String message) {
    field.setErrorMessage(message);
    field.setInvalid(true);
  }
}
