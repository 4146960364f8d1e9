package io.switchboard.ui.account;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.web.WebAttributes;

/** The sign-in page. Errors say why the sign-in failed, in words the person can act on. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Switchboard")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

  private final LoginForm form = new LoginForm();
  private final Paragraph notice = new Paragraph();

  public LoginView() {
    setSizeFull();
    setAlignItems(Alignment.CENTER);
    setJustifyContentMode(JustifyContentMode.CENTER);
    form.setAction("login");
    form.setForgotPasswordButtonVisible(false);
    LoginI18n i18n = LoginI18n.createDefault();
    i18n.getForm().setTitle("Sign in");
    i18n.getForm().setUsername("E-mail");
    i18n.getForm().setSubmit("Sign in");
    i18n.getErrorMessage().setTitle("Could not sign you in");
    i18n.getErrorMessage().setMessage("Wrong e-mail or password.");
    form.setI18n(i18n);
    notice.setId("login-notice");
    notice.setVisible(false);
    Anchor signUp = new Anchor("signup", "Create a workspace");
    signUp.setId("signup-link");
    add(new H1("Switchboard"), notice, form, new Paragraph(new com.vaadin.flow.component.Text("New here? "), signUp));
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    var params = event.getLocation().getQueryParameters().getParameters();
    if (params.containsKey("error")) {
      LoginI18n i18n = LoginI18n.createDefault();
      i18n.getForm().setTitle("Sign in");
      i18n.getForm().setUsername("E-mail");
    i18n.getForm().setSubmit("Sign in");
      i18n.getErrorMessage().setTitle("Could not sign you in");
      i18n.getErrorMessage().setMessage(lastFailureMessage());
      form.setI18n(i18n);
      form.setError(true);
    }
    if (params.containsKey("logout")) {
      showNotice("You are signed out.");
    } else if (params.containsKey("registered")) {
      showNotice("Your workspace is ready. Sign in with the e-mail and password you chose.");
    } else if (params.containsKey("expired")) {
      showNotice("Your session ended. Sign in again to continue.");
    }
  }

  private void showNotice(String text) {
    notice.setText(text);
    notice.setVisible(true);
  }

  // Spring Security keeps the failed sign-in's exception in the session; its message is ours.
  private static String lastFailureMessage() {
    VaadinServletRequest request = VaadinServletRequest.getCurrent();
    HttpSession session = request == null ? null : request.getHttpServletRequest().getSession(false);
    Object failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    if (failure instanceof Exception e && e.getMessage() != null && !e.getMessage().isBlank()
        && !e.getClass().getName().startsWith("org.springframework.security.authentication.InternalAuthentication")) {
      return e.getMessage();
    }
    return "Wrong e-mail or password.";
  }
}
