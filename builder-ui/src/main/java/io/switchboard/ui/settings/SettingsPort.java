package io.switchboard.ui.settings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The workspace's settings page: its time zone and its people with their roles. Refusals throw {@link io.switchboard.ui.workspace.Refused}. */
public interface SettingsPort {

  String timezone();

  void setTimezone(String zone);

  List<Member> members();

  Member add(String email, String displayName, String role, String firstPassword);

  void changeRole(UUID memberId, String role);

  void remove(UUID memberId);

  record Member(UUID id, String email, String displayName, String role, String status, Optional<Instant> lastLoginAt) {}
}
