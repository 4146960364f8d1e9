package io.switchboard.app.ui;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.usage.WorkspaceUsage;
import io.switchboard.ui.usage.UsagePort;
import org.springframework.stereotype.Service;

import java.util.Locale;

/** The usage page's side of {@link WorkspaceUsage}, for the signed-in workspace. */
@Service
public class UiUsageAdapter implements UsagePort {

  private final WorkspaceUsage usage;

  public UiUsageAdapter(WorkspaceUsage usage) {
    this.usage = usage;
  }

  @Override
  public Usage usage() {
    WorkspaceUsage.Summary s = usage.of(CurrentUser.require().tenantId());
    return new Usage(s.planName(), s.status(), s.periodStart(), s.periodEnd(),
        s.meters().stream().map(m -> new Meter(m.metric(), m.label(), m.used(), m.limit(),
            m.span().name().toLowerCase(Locale.ROOT), m.bytes())).toList(),
        s.sentByChannel(), s.receivedByChannel());
  }
}
