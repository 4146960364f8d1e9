package io.switchboard.app.sandbox;

import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.engine.tenancy.TenantId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The keys with which the sandbox signs the webhooks it sends for a workspace as SendGrid
 * (ECDSA P-256) and Cal.com (an HMAC secret) would: derived from the master key, the same on every
 * node, never stored. The webhook endpoints accept them for that workspace as they accept the
 * keys of its real accounts.
 */
@org.springframework.stereotype.Component
public final class SandboxProviderKeys {

  private final byte[] secret;

  public SandboxProviderKeys(CredentialVault vault) {
    this.secret = vault.derive("sandbox-provider-keys");
  }

  /** The Cal.com webhook secret of the workspace's sandbox. */
  public String calcomSecret(TenantId tenant) {
    return HexFormat.of().formatHex(hmac("calcom:" + tenant.value()));
  }

  /** The public key (base64 X.509) SendGrid events from the workspace's sandbox verify with. */
  public String sendGridPublicKey(TenantId tenant) {
    return Base64.getEncoder().encodeToString(sendGridKeys(tenant).getPublic().getEncoded());
  }

  /** Signs a SendGrid event batch as SendGrid does: ECDSA over timestamp + body, base64 DER. */
  public String signSendGrid(TenantId tenant, String timestamp, byte[] body) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(sendGridKeys(tenant).getPrivate());
      ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ecdsa.update(body);
      return Base64.getEncoder().encodeToString(ecdsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // The same key pair for a workspace on every node: the generator draws from a seeded SHA1PRNG.
  private KeyPair sendGridKeys(TenantId tenant) {
    try {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(hmac("sendgrid:" + tenant.value()));
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), seeded);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] hmac(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
