package io.switchboard.ui.workspace;

import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowGraph;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the workflow views need from the application besides the engine's services: the signed-in
 * user's credentials (names only), the checks activation makes outside the engine, and the audit
 * log. The application implements it for the signed-in user.
 */
public interface WorkspacePort {

  /** The workspace's credentials of {@code type} (all of them when empty), names only, never secrets. */
  List<CredentialChoice> credentials(Optional<String> type);

  /** Problems the application finds before switching a workflow on (invalid cron schedules). */
  List<ValidationProblem> activationProblems(WorkflowGraph graph);

  /** Notes a change in the workspace's audit log, as the signed-in user. */
  void audit(String action, String targetType, String targetId, Map<String, ?> details);

  /** The workspace's time zone, in which dates are shown and picked. */
  java.time.ZoneId zone();

  record CredentialChoice(UUID id, String name, String type) {}
}
