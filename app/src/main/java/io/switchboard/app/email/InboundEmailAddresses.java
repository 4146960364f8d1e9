package io.switchboard.app.email;

import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Where SendGrid's Inbound Parse posts the replies to a workspace's e-mails:
 * {@code /hooks/sendgrid/{tenantId}/inbound/{token}}. Inbound Parse signs nothing, so the address
 * carries a secret token, derived from the master key (the same on every node, never stored), that
 * only the workspace's admins see.
 */
@Component
public class InboundEmailAddresses {

  private final byte[] secret;
  private final SignedWebhookPoster poster;

  public InboundEmailAddresses(CredentialVault vault, SignedWebhookPoster poster) {
    this.secret = vault.derive("inbound-email");
    this.poster = poster;
  }

  public String token(TenantId tenant) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(tenant.value().toString().getBytes(StandardCharsets.UTF_8)), 0, 20);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The path of the workspace's Inbound Parse address. */
  public String path(TenantId tenant) {
    return "/hooks/sendgrid/" + tenant.value() + "/inbound/" + token(tenant);
  }

  /** The full address to paste into SendGrid's Inbound Parse settings. */
  public String url(TenantId tenant) {
    return poster.publicUrl(path(tenant));
  }

  /** Whether a token is the workspace's, compared in constant time. */
  public boolean accepts(TenantId tenant, String token) {
    return token != null && MessageDigest.isEqual(token(tenant).getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }
}
