package io.switchboard.app.workflows;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.store.ExecutionHistory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Executions: list with filters, inspect with every step, cancel, resume now, replay from a node. */
@RestController
@RequestMapping("/api/v1/executions")
public class ExecutionController {

  private final ExecutionHistory history;
  private final ExecutionRunner runner;

  public ExecutionController(ExecutionHistory history, ExecutionRunner runner) {
    this.history = history;
    this.runner = runner;
  }

  /** An execution as the API shows it right after running it. */
  public record ExecutionView(UUID id, UUID workflowId, int workflowVersion, String status, JsonNode output,
                              JsonNode error, Instant createdAt, Instant finishedAt) {
    static ExecutionView of(ExecutionRecord r) {
      return new ExecutionView(r.id(), r.workflowId(), r.workflowVersion(), r.status().dbValue(),
          r.output().orElse(null), r.error().orElse(null), r.createdAt(), r.finishedAt().orElse(null));
    }
  }

  public record ReplayRequest(String nodeId) {}

  @GetMapping
  public List<ExecutionHistory.ExecutionSummary> list(@RequestParam(required = false) UUID workflowId,
                                                      @RequestParam(required = false) String status,
                                                      @RequestParam(required = false) Instant from,
                                                      @RequestParam(required = false) Instant to,
                                                      @RequestParam(defaultValue = "100") int limit) {
    SwitchboardUser user = CurrentUser.require();
    if (status != null && !List.of("queued", "running", "waiting", "succeeded", "failed", "cancelled").contains(status)) {
      throw ApiException.badRequest("invalid_status",
          "Filter by one of: queued, running, waiting, succeeded, failed, cancelled.");
    }
    return history.list(user.tenantId(), new ExecutionHistory.Filter(Optional.ofNullable(workflowId),
        Optional.ofNullable(status), Optional.ofNullable(from), Optional.ofNullable(to), limit));
  }

  @GetMapping("/{id}")
  public ExecutionHistory.ExecutionDetail get(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    return history.get(user.tenantId(), id).orElseThrow(() -> ApiException.notFound("execution"));
  }

  @PostMapping("/{id}/cancel")
  public ExecutionHistory.ExecutionDetail cancel(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    get(id);
    if (!runner.cancel(user.tenantId(), id)) {
      throw new ApiException(HttpStatus.CONFLICT, "already_finished", "This run has already ended; there is nothing to cancel.");
    }
    return get(id);
  }

  @PostMapping("/{id}/resume")
  public ExecutionHistory.ExecutionDetail resumeNow(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    ExecutionHistory.ExecutionDetail current = get(id);
    if (!"waiting".equals(current.summary().status())) {
      throw new ApiException(HttpStatus.CONFLICT, "not_waiting", "Only a waiting run can be resumed now; this one is "
          + current.summary().status() + ".");
    }
    runner.resumeNow(user.tenantId(), id);
    return get(id);
  }

  @PostMapping("/{id}/replay")
  public ResponseEntity<ExecutionView> replay(@PathVariable UUID id, @RequestBody ReplayRequest request) {
    SwitchboardUser user = CurrentUser.require();
    get(id);
    if (request == null || request.nodeId() == null) {
      throw ApiException.badRequest("invalid_request", "Say which step to replay from (nodeId).");
    }
    JsonNode input = history.recordedInput(user.tenantId(), id, request.nodeId()).orElseThrow(() ->
        ApiException.badRequest("step_not_run", "That step did not run in this execution, so there is no input to replay it with."));
    ExecutionRecord replay = runner.replay(user.tenantId(), id, request.nodeId(), input);
    return ResponseEntity.status(HttpStatus.CREATED).body(ExecutionView.of(replay));
  }
}
