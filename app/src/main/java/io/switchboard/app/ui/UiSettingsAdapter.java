package io.switchboard.app.ui;

import io.switchboard.app.account.TeamService;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.ui.settings.SettingsPort;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.UUID;

/** The settings page's side of {@link TeamService}: the same rules as the users and tenant endpoints. */
@Service
public class UiSettingsAdapter implements SettingsPort {

  private final TeamService team;

  public UiSettingsAdapter(TeamService team) {
    this.team = team;
  }

  @Override
  public String timezone() {
    return team.timezone(CurrentUser.require());
  }

  @Override
  public void setTimezone(String zone) {
    Refusals.run(() -> team.setTimezone(CurrentUser.require(), zone));
  }

  @Override
  public List<Member> members() {
    return team.list(CurrentUser.require()).stream().map(UiSettingsAdapter::member).toList();
  }

  @Override
  public Member add(String email, String displayName, String role, String firstPassword) {
    return Refusals.call(() -> member(team.add(CurrentUser.require(), email, displayName, role, firstPassword).member()));
  }

  @Override
  public void changeRole(UUID memberId, String role) {
    Refusals.run(() -> team.changeRole(CurrentUser.require(), memberId, role));
  }

  @Override
  public void remove(UUID memberId) {
    Refusals.run(() -> team.remove(CurrentUser.require(), memberId));
  }

  private static Member member(TeamService.Member m) {
    return new Member(m.id(), m.email(), m.displayName(), m.role(), m.status(), m.lastLoginAt());
  }
}
