package io.switchboard.app.security;

import io.switchboard.app.web.ApiExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A refused sign-in through the API answers with the reason's status, code and sentence. */
@RestControllerAdvice(basePackages = "io.switchboard.app")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class LoginRefusedAdvice {

  @ExceptionHandler(LoginRefused.class)
  ResponseEntity<ProblemDetail> refused(LoginRefused e) {
    return ApiExceptionHandler.respond(e.reason().status, e.reason().code, e.getMessage(), e.retryAfter());
  }
}
