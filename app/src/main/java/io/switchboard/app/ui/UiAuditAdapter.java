package io.switchboard.app.ui;

import io.switchboard.app.account.TeamService;
import io.switchboard.app.audit.AuditTrail;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.ui.audit.AuditPort;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The audit page's side of {@link AuditTrail}: the owner's log and its CSV export, as the API gives them. */
@Service
public class UiAuditAdapter implements AuditPort {

  private final AuditTrail trail;
  private final TeamService team;

  public UiAuditAdapter(AuditTrail trail, TeamService team) {
    this.trail = trail;
    this.team = team;
  }

  @Override
  public ZoneId zone() {
    try {
      return ZoneId.of(team.timezone(CurrentUser.require()));
    } catch (java.time.DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  @Override
  public List<Entry> entries(Optional<String> action, Optional<Instant> from, Optional<Instant> before, int limit) {
    return Refusals.call(() -> trail.list(CurrentUser.require(), new AuditTrail.Filter(action, from, before), limit)).stream()
        .map(e -> new Entry(e.id(), e.at(), e.actorEmail() == null ? "" : e.actorEmail(), e.action(),
            e.targetType() == null ? "" : e.targetType(), e.targetId() == null ? "" : e.targetId(),
            e.details() == null ? "" : e.details().toString()))
        .toList();
  }

  @Override
  public List<String> actions() {
    return Refusals.call(() -> trail.actions(CurrentUser.require()));
  }

  @Override
  public String exportCsv() {
    return Refusals.call(() -> trail.export(CurrentUser.require()));
  }
}
