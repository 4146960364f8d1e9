package io.switchboard.ui.account;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

import java.util.Optional;

/**
 * An invitation link ({@code /invite/<secret>}): the invited owner or team member chooses their
 * password, then signs in. An expired or used link says so and who to ask.
 */
@Route(value = "invite/:token", autoLayout = false)
@PageTitle("Join your workspace · Switchboard")
@AnonymousAllowed
public class InvitationView extends VerticalLayout implements BeforeEnterObserver {

  private final AccountPort accounts;
  final TextField name = new TextField("Your name");
  final PasswordField password = new PasswordField("Choose a password");
  final Button join = new Button("Set password and continue");
  final Paragraph message = new Paragraph();
  private String token = "";

  public InvitationView(AccountPort accounts) {
    this.accounts = accounts;
    setSizeFull();
    setAlignItems(Alignment.CENTER);
    name.setId("invite-name");
    password.setId("invite-password");
    password.setRequired(true);
    password.setHelperText("At least 10 characters.");
    message.setId("invite-message");
    join.setId("invite-submit");
    join.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    join.addClickShortcut(Key.ENTER);
    join.addClickListener(e -> submit());
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    token = event.getRouteParameters().get("token").orElse("");
    removeAll();
    Optional<AccountPort.Invitation> invitation = accounts.invitation(token);
    if (invitation.isEmpty()) {
      add(new H1("This link no longer works"), new Paragraph("The invitation expired or was already used. Ask whoever "
          + "invited you to send a new one."), new Anchor("login", "Go to sign in"));
      return;
    }
    AccountPort.Invitation i = invitation.get();
    name.setValue(i.displayName() == null ? "" : i.displayName());
    FormLayout form = new FormLayout(name, password);
    form.setWidth("min(28rem, 100%)");
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
    setAlignSelf(Alignment.CENTER, form);
    add(new H1("Join " + i.workspace()), new Paragraph("You are invited as " + i.role() + " with " + i.email()
        + ". Choose a password to finish."), message, form, join);
  }

  private void submit() {
    password.setInvalid(false);
    try {
      String email = accounts.acceptInvitation(token, password.getValue(), name.getValue());
      getUI().ifPresent(ui -> ui.getPage().setLocation("login?invited=" + java.net.URLEncoder.encode(email,
          java.nio.charset.StandardCharsets.UTF_8)));
    } catch (AccountPort.SignUpRejected rejected) {
      password.setErrorMessage(rejected.getMessage());
      password.setInvalid(true);
      message.setText(rejected.getMessage());
    }
  }
}
