package io.switchboard.app.ui;

import io.switchboard.app.account.TeamService;
import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.engine.ScheduleRegistrar;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.nodes.trigger.ScheduleTrigger;
import io.switchboard.ui.workspace.WorkspacePort;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The application's side of the workflow views: credentials, activation checks and audit for the signed-in user. */
@Service
public class UiWorkspaceAdapter implements WorkspacePort {

  private final CredentialService credentials;
  private final TenantDatabase db;
  private final AuditLog audit;
  private final TeamService team;

  public UiWorkspaceAdapter(CredentialService credentials, TenantDatabase db, AuditLog audit, TeamService team) {
    this.credentials = credentials;
    this.db = db;
    this.audit = audit;
    this.team = team;
  }

  @Override
  public java.time.ZoneId zone() {
    try {
      return java.time.ZoneId.of(team.timezone(CurrentUser.require()));
    } catch (java.time.DateTimeException e) {
      return java.time.ZoneOffset.UTC;
    }
  }

  @Override
  public List<CredentialChoice> credentials(Optional<String> type) {
    SwitchboardUser user = CurrentUser.require();
    return credentials.list(user).stream()
        .filter(c -> type.isEmpty() || type.get().equals(c.type()))
        .map(c -> new CredentialChoice(c.id(), c.name(), c.type()))
        .toList();
  }

  /** The same schedule check the REST API's activation makes. */
  @Override
  public List<ValidationProblem> activationProblems(WorkflowGraph graph) {
    return graph.nodes().stream()
        .filter(n -> ScheduleTrigger.KEY.equals(n.type()) && !n.disabled())
        .flatMap(n -> ScheduleRegistrar.problem(n.config().path("cron").asString(""))
            .map(p -> new ValidationProblem(ValidationProblem.Severity.ERROR, "invalid_schedule", Optional.of(n.id()),
                Optional.of("cron"), "The step \"" + n.name() + "\": " + p))
            .stream())
        .toList();
  }

  @Override
  public void audit(String action, String targetType, String targetId, Map<String, ?> details) {
    SwitchboardUser user = CurrentUser.require();
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, action, targetType, targetId, details));
  }
}
