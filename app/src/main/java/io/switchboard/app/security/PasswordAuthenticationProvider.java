package io.switchboard.app.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/** The sign-in page's form login, answered by {@link LoginService}. */
@Component
public class PasswordAuthenticationProvider implements AuthenticationProvider {

  private final LoginService logins;

  public PasswordAuthenticationProvider(LoginService logins) {
    this.logins = logins;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : "unknown";
    SwitchboardUser user = logins.authenticate(authentication.getName(),
        String.valueOf(authentication.getCredentials()), address);
    return UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
