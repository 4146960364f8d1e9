package io.switchboard.app.workflows;

import io.switchboard.app.web.ApiExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Optional;

/** A refused workflow change answers with its validation problems, each pointing at a step. */
@RestControllerAdvice(basePackages = "io.switchboard.app")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WorkflowRefusedAdvice {

  @ExceptionHandler(WorkflowController.WorkflowRefused.class)
  ResponseEntity<ProblemDetail> refused(WorkflowController.WorkflowRefused e) {
    ResponseEntity<ProblemDetail> response = ApiExceptionHandler.respond(e.status(), e.code(), e.getMessage(),
        Optional.empty());
    response.getBody().setProperty("problems", e.problems());
    return response;
  }
}
