package io.switchboard.app.sandbox;

import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.messaging.TwilioAccount;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Each workspace's sandbox accounts: a Twilio-shaped account SID made from the tenant id and an
 * auth token derived from the master key, so the real SDK can authenticate against the sandbox and
 * the sandbox can sign the webhooks it sends, exactly as Twilio would.
 */
public final class SandboxAccounts {

  private final byte[] secret;
  private final java.util.function.Supplier<URI> sandboxBase;

  /** @param sandboxBase where this server answers on the loopback, such as http://127.0.0.1:8080 */
  public SandboxAccounts(CredentialVault vault, java.util.function.Supplier<URI> sandboxBase) {
    this.secret = vault.derive("sandbox-accounts");
    this.sandboxBase = sandboxBase;
  }

  public TwilioAccount twilio(TenantId tenant) {
    return new TwilioAccount(twilioSid(tenant), token("twilio:" + tenant.value()), twilioApiBase(), true);
  }

  public URI twilioApiBase() {
    return sandboxBase.get().resolve("/sandbox/twilio");
  }

  public static String twilioSid(TenantId tenant) {
    return "AC" + tenant.value().toString().replace("-", "");
  }

  /** The tenant a sandbox account SID belongs to, when it is one. */
  public static Optional<TenantId> tenantOfSid(String sid) {
    if (sid == null || !sid.matches("^AC[0-9a-f]{32}$")) {
      return Optional.empty();
    }
    String hex = sid.substring(2);
    return Optional.of(new TenantId(UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-"
        + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20))));
  }

  /** Constant-time check of a presented sandbox token. */
  public boolean twilioTokenMatches(TenantId tenant, String presented) {
    return presented != null && MessageDigest.isEqual(token("twilio:" + tenant.value()).getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  private String token(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
