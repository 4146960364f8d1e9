package io.switchboard.engine.spi;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored credential as a node uses it: its type ({@code twilio}, {@code sendgrid}, {@code http.bearer}
 * ...) and its secret fields, decrypted for this call only. Never put it in an output or a log.
 */
public record Credential(UUID id, String type, String name, Map<String, String> secret) {

  public Credential {
    secret = Map.copyOf(secret);
  }

  public Optional<String> field(String name) {
    return Optional.ofNullable(secret.get(name));
  }

  @Override
  public String toString() {
    return "Credential[" + type + " '" + name + "' " + id + ", secret hidden]";
  }
}
