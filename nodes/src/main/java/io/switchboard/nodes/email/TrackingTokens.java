package io.switchboard.nodes.email;

import io.switchboard.engine.tenancy.TenantId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The tokens in open-tracking pixels, click-tracking links and unsubscribe links: which workspace,
 * which message, what kind of link and (for clicks) where it leads, signed with HMAC-SHA256 so
 * nobody can forge a click, an open or someone else's unsubscribe, nor turn a link into an open
 * redirect. URL-safe base64 of the payload, a dot, then of the first 16 bytes of the MAC.
 */
public final class TrackingTokens {

  /** What a link does. */
  public enum Kind {
    OPEN('o'), CLICK('c'), UNSUBSCRIBE('u');

    final char code;

    Kind(char code) {
      this.code = code;
    }

    static Optional<Kind> of(byte code) {
      return Arrays.stream(values()).filter(k -> k.code == code).findFirst();
    }
  }

  /** A verified token's contents; {@code url} is empty except for clicks. */
  public record Claims(Kind kind, TenantId tenant, UUID messageId, Optional<String> url) {}

  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
  private static final int MAC_BYTES = 16;
  static final int MAX_URL_BYTES = 2048;

  private final byte[] key;

  /** @param key at least 32 secret bytes, the same on every node of the cluster */
  public TrackingTokens(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a tracking key needs at least 32 bytes");
    }
    this.key = key.clone();
  }

  public String sign(Kind kind, TenantId tenant, UUID messageId, Optional<String> url) {
    byte[] target = url.map(u -> u.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    if (target.length > MAX_URL_BYTES) {
      throw new IllegalArgumentException("link too long to track");
    }
    ByteBuffer payload = ByteBuffer.allocate(1 + 16 + 16 + target.length);
    payload.put((byte) kind.code);
    payload.putLong(tenant.value().getMostSignificantBits()).putLong(tenant.value().getLeastSignificantBits());
    payload.putLong(messageId.getMostSignificantBits()).putLong(messageId.getLeastSignificantBits());
    payload.put(target);
    byte[] bytes = payload.array();
    return ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(mac(bytes));
  }

  /** The token's claims when its signature holds and it is of the expected kind; empty otherwise. */
  public Optional<Claims> verify(Kind expected, String token) {
    if (token == null || token.length() > 4 * MAX_URL_BYTES) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] given;
    try {
      payload = DECODE.decode(token.substring(0, dot));
      given = DECODE.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (payload.length < 33 || !MessageDigest.isEqual(mac(payload), given)) {
      return Optional.empty();
    }
    Optional<Kind> kind = Kind.of(payload[0]).filter(k -> k == expected);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(payload, 1, payload.length - 1);
    TenantId tenant = new TenantId(new UUID(buffer.getLong(), buffer.getLong()));
    UUID message = new UUID(buffer.getLong(), buffer.getLong());
    Optional<String> url = payload.length > 33
        ? Optional.of(new String(payload, 33, payload.length - 33, StandardCharsets.UTF_8)) : Optional.empty();
    return Optional.of(new Claims(kind.get(), tenant, message, url));
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
