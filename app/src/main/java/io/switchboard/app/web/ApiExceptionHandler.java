package io.switchboard.app.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns every error of the REST API into a problem document a person can act on. */
@RestControllerAdvice(basePackages = "io.switchboard.app")
public class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /**
   * An execution refused at its trigger: over the plan's quota (402, with the upgrade to make), a
   * suspended workspace or a feature switched off for it (403).
   */
  @ExceptionHandler(io.switchboard.engine.runner.Admission.NotAdmitted.class)
  ResponseEntity<ProblemDetail> notAdmitted(io.switchboard.engine.runner.Admission.NotAdmitted e) {
    return respond(statusOf(e), e.code(), e.getMessage(), Optional.empty());
  }

  /** The status a refused execution answers with. */
  private static HttpStatus statusOf(io.switchboard.engine.runner.Admission.NotAdmitted e) {
    return switch (e.code()) {
      case "workspace_suspended", "feature_disabled" -> HttpStatus.FORBIDDEN;
      default -> HttpStatus.PAYMENT_REQUIRED;
    };
  }

  /** What an unexpected failure tells the caller. */
  private static final String UNEXPECTED =
      "Something went wrong on our side. Try again; if it keeps happening, contact support with the request id.";

  /**
   * Writes the problem document this handler answers for {@code e}, for a filter that serves a
   * request without Spring MVC (workflow webhooks): the same statuses, codes and sentences.
   */
  public static void write(jakarta.servlet.http.HttpServletResponse response, RuntimeException e)
      throws java.io.IOException {
    if (e instanceof ApiException api) {
      ProblemResponses.write(response, api.status().value(), api.code(), api.getMessage(), api.retryAfter());
    } else if (e instanceof io.switchboard.engine.runner.Admission.NotAdmitted refused) {
      ProblemResponses.write(response, statusOf(refused).value(), refused.code(), refused.getMessage(), Optional.empty());
    } else {
      log.error("unexpected error answering a request", e);
      ProblemResponses.write(response, 500, "internal_error", UNEXPECTED, Optional.empty());
    }
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return respond(e.status(), e.code(), e.getMessage(), e.retryAfter());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
    String detail = e.getBindingResult().getFieldErrors().stream()
        .map(f -> f.getField() + ": " + f.getDefaultMessage())
        .collect(Collectors.joining("; "));
    return respond(HttpStatus.BAD_REQUEST, "invalid_request", "Some fields are not valid: " + detail + ".", Optional.empty());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    return respond(HttpStatus.BAD_REQUEST, "malformed_body",
        "The request body is not valid JSON of the expected shape.", Optional.empty());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
    if (e.getRequiredType() == java.util.UUID.class) {
      return respond(HttpStatus.NOT_FOUND, "not_found", "Nothing with that id in your workspace.", Optional.empty());
    }
    return respond(HttpStatus.BAD_REQUEST, "invalid_parameter", "The value of '" + e.getName() + "' is not valid.",
        Optional.empty());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return respond(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
        "This address does not accept " + e.getMethod() + ".", Optional.empty());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
    return respond(HttpStatus.NOT_FOUND, "not_found", "There is no API at this address.", Optional.empty());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error answering an API request", e);
    return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", UNEXPECTED, Optional.empty());
  }

  /** A problem response with an optional Retry-After header. */
  public static ResponseEntity<ProblemDetail> respond(HttpStatus status, String code, String detail,
                                                       Optional<Duration> retryAfter) {
    HttpHeaders headers = new HttpHeaders();
    retryAfter.ifPresent(d -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, d.toSeconds()))));
    return ResponseEntity.status(status).headers(headers).body(ProblemResponses.problem(status, code, detail));
  }
}
