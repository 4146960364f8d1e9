package io.switchboard.app.web;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * RFC 9457 problem documents, the shape of every error the API answers: {@code title}, {@code
 * status}, {@code detail} (a sentence for a person) and {@code code} (stable, for programs).
 */
public final class ProblemResponses {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemResponses() {}

  public static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty("code", code);
    Optional.ofNullable(MDC.get(RequestIdFilter.REQUEST_ID)).ifPresent(id -> problem.setProperty("requestId", id));
    return problem;
  }

  /** Writes a problem directly, for filters that answer before a controller is reached. */
  public static void write(HttpServletResponse response, int status, String code, String detail,
                           Optional<Duration> retryAfter) throws IOException {
    ProblemDetail problem = problem(HttpStatusCode.valueOf(status), code, detail);
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", status);
    body.put("detail", detail);
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    retryAfter.ifPresent(d -> response.setHeader("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }
}
