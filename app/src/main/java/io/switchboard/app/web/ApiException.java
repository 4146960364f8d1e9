package io.switchboard.app.web;

import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.Optional;

/** An error a user or API client can meet: an HTTP status, a stable code and a plain sentence. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final transient Optional<Duration> retryAfter;

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, Optional.empty());
  }

  public ApiException(HttpStatus status, String code, String message, Optional<Duration> retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", "No " + what + " with that id in your workspace.");
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
