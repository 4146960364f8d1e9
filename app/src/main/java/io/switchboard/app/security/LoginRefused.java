package io.switchboard.app.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;

import java.time.Duration;
import java.util.Optional;

/**
 * A sign-in that did not succeed, with the sentence to show the person and the HTTP answer the API
 * gives for it. Extends Spring Security's type so the form login shows the same sentence.
 */
public class LoginRefused extends AuthenticationException {

  public enum Reason {
    WRONG_CREDENTIALS(HttpStatus.UNAUTHORIZED, "invalid_credentials"),
    ACCOUNT_LOCKED(HttpStatus.TOO_MANY_REQUESTS, "account_locked"),
    TOO_MANY_ATTEMPTS(HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts"),
    ACCOUNT_DISABLED(HttpStatus.FORBIDDEN, "account_disabled"),
    TENANT_SUSPENDED(HttpStatus.FORBIDDEN, "tenant_suspended");

    public final HttpStatus status;
    public final String code;

    Reason(HttpStatus status, String code) {
      this.status = status;
      this.code = code;
    }
  }

  private final Reason reason;
  private final transient Optional<Duration> retryAfter;

  public LoginRefused(Reason reason, String message, Optional<Duration> retryAfter) {
    super(message);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public LoginRefused(Reason reason, String message) {
    this(reason, message, Optional.empty());
  }

  public Reason reason() {
    return reason;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  static String minutes(Duration d) {
    long m = Math.max(1, (d.toSeconds() + 59) / 60);
    return m == 1 ? "a minute" : m + " minutes";
  }
}
