package io.switchboard.ui.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workspace's credentials as the credentials page needs them: the kinds it can store (with the
 * fields each needs), what is stored (names only, never secrets), adding, testing and deleting.
 * Calls that the application refuses throw {@link io.switchboard.ui.workspace.Refused}.
 */
public interface CredentialsPort {

  List<CredentialKind> kinds();

  List<Stored> list();

  Stored add(String name, String type, Map<String, String> secret);

  TestResult test(UUID id);

  void delete(UUID id);

  /** A kind of credential and the fields its form asks for. */
  record CredentialKind(String type, String label, String description, List<Field> fields) {}

  /** One field: {@code secret} ones are typed into a password field; {@code options} make it a choice. */
  record Field(String key, String label, String help, boolean secret, boolean required, List<String> options) {}

  record Stored(UUID id, String name, String type, List<String> fields, Instant createdAt) {}

  record TestResult(boolean ok, String message, Instant testedAt) {}
}
