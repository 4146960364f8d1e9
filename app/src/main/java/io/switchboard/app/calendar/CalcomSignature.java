package io.switchboard.app.calendar;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Cal.com's webhook signature: {@code X-Cal-Signature-256}, the hex HMAC-SHA256 of the raw body with the webhook's secret. */
public final class CalcomSignature {

  public static final String HEADER = "X-Cal-Signature-256";

  private CalcomSignature() {}

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  public static boolean valid(String secret, String header, byte[] body) {
    if (secret == null || secret.isEmpty() || header == null) {
      return false;
    }
    String given = header.strip().toLowerCase(java.util.Locale.ROOT);
    if (given.startsWith("sha256=")) {
      given = given.substring(7);
    }
    return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
        given.getBytes(StandardCharsets.US_ASCII));
  }
}
