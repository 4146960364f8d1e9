package io.switchboard.app.providers;

import com.twilio.security.RequestValidator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's webhook signature ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1 with the auth token
 * over the full URL followed by every POST parameter name and value, sorted by name. Verified with
 * the SDK's own validator; signing (for the sandbox and simulations) is the same scheme.
 */
public final class TwilioSignatures {

  private TwilioSignatures() {}

  public static boolean valid(String authToken, String url, Map<String, String> params, String signature) {
    return signature != null && !signature.isBlank() && new RequestValidator(authToken).validate(url, params, signature);
  }

  public static String sign(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
