package io.switchboard.app.email;

import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.email.EmailAccount;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Each workspace's sandbox SendGrid account: an API key naming the tenant and carrying an HMAC of
 * it made with a key derived from the master key, so the real SDK authenticates against the sandbox
 * ({@code /sandbox/sendgrid/v3/...}) exactly as against SendGrid, and the sandbox knows whose
 * e-mail it records.
 */
public final class SandboxSendGrid {

  private static final String PREFIX = "SG.sandbox.";

  private final byte[] secret;
  private final Supplier<URI> loopback;
  private final int dailyLimit;

  public SandboxSendGrid(CredentialVault vault, Supplier<URI> loopback, int dailyLimit) {
    this.secret = vault.derive("sandbox-sendgrid");
    this.loopback = loopback;
    this.dailyLimit = dailyLimit;
  }

  public EmailAccount.SendGrid account(TenantId tenant) {
    return new EmailAccount.SendGrid("sandbox", apiKey(tenant), loopback.get().resolve("/sandbox/sendgrid"), true, dailyLimit);
  }

  String apiKey(TenantId tenant) {
    String id = tenant.value().toString().replace("-", "");
    return PREFIX + id + "." + mac(id);
  }

  /** The workspace a presented sandbox API key belongs to, when it is a genuine one. */
  public Optional<TenantId> tenantOf(String apiKey) {
    if (apiKey == null || !apiKey.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = apiKey.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 2 || !parts[0].matches("[0-9a-f]{32}")
        || !MessageDigest.isEqual(mac(parts[0]).getBytes(StandardCharsets.US_ASCII), parts[1].getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    String h = parts[0];
    return Optional.of(new TenantId(UUID.fromString(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16)
        + "-" + h.substring(16, 20) + "-" + h.substring(20))));
  }

  private String mac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 20);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
