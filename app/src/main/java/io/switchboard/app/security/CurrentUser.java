package io.switchboard.app.security;

import io.switchboard.app.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The signed-in user of the current request. */
public final class CurrentUser {

  private CurrentUser() {}

  public static Optional<SwitchboardUser> get() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.getPrincipal() instanceof SwitchboardUser user ? Optional.of(user) : Optional.empty();
  }

  public static SwitchboardUser require() {
    return get().orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in first."));
  }
}
