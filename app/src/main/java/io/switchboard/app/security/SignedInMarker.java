package io.switchboard.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A cookie that says "this browser was signed in" (no identity in it: the value is "1"). It is set
 * while a person is signed in and deleted when they sign out, so a browser that comes back without
 * a session but with the marker lost its session some other way (it timed out, the server restarted):
 * the sign-in page then says so and the editor offers the unsaved changes it kept.
 */
final class SignedInMarker extends OncePerRequestFilter {

  static final String COOKIE = "sb_signed_in";

  static boolean present(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return false;
    }
    for (Cookie c : cookies) {
      if (COOKIE.equals(c.getName())) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken) && !present(request)) {
      Cookie marker = new Cookie(COOKIE, "1");
      marker.setPath("/");
      marker.setHttpOnly(true);
      marker.setSecure(request.isSecure());
      marker.setAttribute("SameSite", "Lax");
      response.addCookie(marker);
    }
    chain.doFilter(request, response);
  }
}
