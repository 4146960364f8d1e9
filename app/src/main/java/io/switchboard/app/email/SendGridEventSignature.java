package io.switchboard.app.email;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * SendGrid's signed Event Webhook: an ECDSA P-256 / SHA-256 signature (base64, DER) over the
 * timestamp header followed by the raw body, checked with the account's verification key (base64
 * X.509) using the JDK alone. SendGrid's timestamp is also checked: older than the window is a
 * replay.
 */
public final class SendGridEventSignature {

  public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";
  static final Duration WINDOW = Duration.ofMinutes(5);

  private SendGridEventSignature() {}

  public static boolean valid(String publicKeyBase64, String signatureBase64, String timestamp, byte[] body, Instant now) {
    if (publicKeyBase64 == null || signatureBase64 == null || timestamp == null || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    if (Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), now).abs().compareTo(WINDOW) > 0) {
      return false;
    }
    try {
      PublicKey key = KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64.strip())));
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
      verifier.update(body);
      return verifier.verify(Base64.getDecoder().decode(signatureBase64.strip()));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }
}
