package io.switchboard.nodes.crm.hubspot;

import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeResult;

import java.util.Optional;
import java.util.UUID;

/** The private-app token of a {@code hubspot} credential chosen on a node, or why there is none. */
final class HubSpotToken {

  private HubSpotToken() {}

  /** The token, or the failure to answer with. */
  record Found(Optional<String> token, Optional<NodeResult.Fail> failure) {}

  static Found of(String credentialId, NodeContext context) {
    String step = "\"" + context.nodeName() + "\"";
    if (credentialId == null || credentialId.isBlank()) {
      return failed("credential_missing", step + " needs a HubSpot credential (a private app's access token).");
    }
    UUID id;
    try {
      id = UUID.fromString(credentialId.strip());
    } catch (IllegalArgumentException e) {
      return failed("credential_missing", step + ": the HubSpot account is not a stored credential; choose one.");
    }
    Optional<Credential> credential = context.credential(id);
    if (credential.isEmpty()) {
      return failed("credential_missing", step + " uses a HubSpot credential that no longer exists; choose another one.");
    }
    if (!"hubspot".equals(credential.get().type())) {
      return failed("credential_type", step + ": \"" + credential.get().name() + "\" is a " + credential.get().type()
          + " credential; HubSpot needs a hubspot one.");
    }
    Optional<String> token = credential.get().field("token").or(() -> credential.get().field("accessToken"))
        .map(String::strip).filter(s -> !s.isEmpty());
    if (token.isEmpty()) {
      return failed("credential_incomplete", step + ": the HubSpot credential \"" + credential.get().name()
          + "\" has no token; edit it and paste the private app's access token.");
    }
    return new Found(token, Optional.empty());
  }

  private static Found failed(String code, String message) {
    return new Found(Optional.empty(), Optional.of(NodeResult.fail(code, message, false)));
  }
}
