package io.switchboard.engine.workflow;

import io.switchboard.engine.tenancy.TenantId;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A workflow's webhook address: {@code /hooks/<workflow key>/<secret>}. The key carries the tenant
 * and workflow ids, so a call is routed without looking across tenants; the secret, compared in
 * constant time, is what makes the address unguessable.
 */
public record WebhookAddress(TenantId tenant, UUID workflowId, String secret) {

  public static final String PREFIX = "/hooks/";

  public static String path(TenantId tenant, UUID workflowId, String secret) {
    ByteBuffer key = ByteBuffer.allocate(32);
    key.putLong(tenant.value().getMostSignificantBits()).putLong(tenant.value().getLeastSignificantBits());
    key.putLong(workflowId.getMostSignificantBits()).putLong(workflowId.getLeastSignificantBits());
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key.array()) + "/" + secret;
  }

  /** Reads the key and secret of an address; empty when they are not of the right shape. */
  public static Optional<WebhookAddress> parse(String key, String secret) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(key);
      if (bytes.length != 32 || secret == null || secret.isBlank() || secret.length() > 200) {
        return Optional.empty();
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return Optional.of(new WebhookAddress(new TenantId(new UUID(b.getLong(), b.getLong())),
          new UUID(b.getLong(), b.getLong()), secret));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code expected} (the stored secret) matches, in constant time. */
  public boolean secretMatches(String expected) {
    return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        secret.getBytes(StandardCharsets.UTF_8));
  }
}
