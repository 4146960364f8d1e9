package io.switchboard.app.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.switchboard.app.web.ProblemResponses;
import io.switchboard.ui.account.LoginView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Three filter chains: the REST API (stateless bearer tokens), operations endpoints (health,
 * metrics, OpenAPI), and the Vaadin UI (form login with a session).
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

  @Bean
  AuthenticationManager authenticationManager(PasswordAuthenticationProvider provider) {
    return new ProviderManager(provider);
  }

  /**
   * Webhooks authenticate by their secret address (and, for providers, by signature), and e-mail
   * tracking links (/t/**) by their signed token, not by a session or token: they skip the security
   * filter chain, which on the hot path cost a large share of each call's CPU.
   */
  @Bean
  org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer webhooksBypassSecurity() {
    return web -> web.ignoring().requestMatchers("/hooks/**", "/sandbox/**", "/t/**");
  }

  @Bean
  @Order(1)
  SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, ApiRequestGate limiter)
      throws Exception {
    return http
        .securityMatcher("/api/**")
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable())
        .addFilterBefore(new BearerTokenFilter(tokens), AuthorizationFilter.class)
        .addFilterAfter(new ApiRateLimitFilter(limiter), BearerTokenFilter.class)
        .authorizeHttpRequests(a -> a
            .requestMatchers(HttpMethod.POST, "/api/v1/auth/token", "/api/v1/auth/signup",
                "/api/v1/auth/invitations/*/accept").permitAll()
            .requestMatchers(HttpMethod.GET, "/api/v1/auth/invitations/*").permitAll()
            .anyRequest().authenticated())
        .exceptionHandling(e -> e
            .authenticationEntryPoint((req, res, ex) -> ProblemResponses.write(res, 401, "unauthenticated",
                "Send an API token: Authorization: Bearer <token>. Get one with POST /api/v1/auth/token.",
                Optional.empty()))
            .accessDeniedHandler((req, res, ex) -> ProblemResponses.write(res, 403, "forbidden",
                "Your account may not do this.", Optional.empty())))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain operationsChain(HttpSecurity http) throws Exception {
    return http
        .securityMatcher("/actuator/**", "/v3/api-docs/**", "/v3/api-docs", "/error")
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }

  /**
   * The UI: Vaadin's form login. When a session ends (timed out, signed out elsewhere), Vaadin's
   * client reloads the page it was on (its default for an expired session); that request carries
   * the old session's cookie, so the sign-in page says the session ended ({@code /login?expired}),
   * and Spring Security's saved request brings the person back to that page after signing in — the
   * workflow editor then offers the unsaved changes its canvas kept in the browser.
   */
  @Bean
  @Order(3)
  SecurityFilterChain uiChain(HttpSecurity http) throws Exception {
    return http
        .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
            new LoginUrlAuthenticationEntryPoint("/login?expired"), SecurityConfiguration::endedSession))
        .addFilterAfter(new SignedInMarker(), org.springframework.security.web.authentication.AnonymousAuthenticationFilter.class)
        .logout(l -> l.deleteCookies(SignedInMarker.COOKIE))
        .with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class, "/login?logout"))
        .build();
  }

  /**
   * A page request from a browser whose session ended without signing out: it names a session the
   * server no longer has, or it still carries the signed-in marker. The marker matters when the
   * ended session's last requests (Vaadin's push connection closing) already got the browser a
   * new, empty session, so the page request names a valid one.
   */
  private static boolean endedSession(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod()) || "/login".equals(request.getServletPath())) {
      return false;
    }
    boolean unknownSession = request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
    return unknownSession || SignedInMarker.present(request);
  }
}
