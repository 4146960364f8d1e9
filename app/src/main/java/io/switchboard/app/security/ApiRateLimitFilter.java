package io.switchboard.app.security;

import io.switchboard.app.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Refuses a workspace's API requests beyond its plan's rate with 429 and when to try again. */
class ApiRateLimitFilter extends OncePerRequestFilter {

  private final ApiRequestGate limiter;

  ApiRateLimitFilter(ApiRequestGate limiter) {
    this.limiter = limiter;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<SwitchboardUser> user = CurrentUser.get();
    if (user.isPresent()) {
      Optional<Duration> wait = limiter.tryAcquire(user.get().tenantId());
      if (wait.isPresent()) {
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        ProblemResponses.write(response, 429, "rate_limited", "Your workspace sent more API requests than its plan "
            + "allows per minute. Try again in " + seconds + " second" + (seconds == 1 ? "" : "s") + ", or upgrade the plan.",
            Optional.of(Duration.ofSeconds(seconds)));
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
