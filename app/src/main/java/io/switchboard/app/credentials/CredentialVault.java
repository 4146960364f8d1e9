package io.switchboard.app.credentials;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encrypts credential secrets with AES-256-GCM. Each ciphertext records the id of the key that made
 * it, so keys rotate: new secrets use the first key of the ring, old ones still open with theirs.
 * The associated data binds a ciphertext to its tenant and credential, so a ciphertext copied into
 * another row (or another tenant) does not open.
 */
public final class CredentialVault {

  /** A key of the ring: its id (stored beside each ciphertext) and 32 key bytes. */
  public record Key(String id, byte[] bytes) {
    public Key {
      if (id == null || !id.matches("[A-Za-z0-9._-]{1,40}")) {
        throw new IllegalArgumentException("a master key id uses 1-40 letters, digits, dots, dashes or underscores");
      }
      if (bytes == null || bytes.length != 32) {
        throw new IllegalArgumentException("master key '" + id + "' must be 32 bytes (base64 of 32 random bytes)");
      }
      bytes = bytes.clone();
    }
  }

  /** What is stored: the key id, the nonce and the ciphertext (with its tag). */
  public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {}

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final List<Key> ring;
  private final SecureRandom random = new SecureRandom();

  public CredentialVault(List<Key> ring) {
    if (ring.isEmpty()) {
      throw new IllegalArgumentException("the master key ring is empty");
    }
    this.ring = List.copyOf(ring);
  }

  /**
   * A secret for another purpose (signing tracking links, sandbox account tokens), derived from the
   * current master key with HMAC-SHA256 over {@code purpose}: the same on every node, never stored.
   */
  public byte[] derive(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(ring.getFirst().bytes(), "HmacSHA256"));
      return mac.doFinal(("switchboard:" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  public String currentKeyId() {
    return ring.getFirst().id();
  }

  public Sealed seal(byte[] plaintext, String associatedData) {
    Key key = ring.getFirst();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return new Sealed(key.id(), nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt a credential", e);
    }
  }

  /** The plaintext, or empty when the key is unknown or the ciphertext does not open (tampered, moved). */
  public Optional<byte[]> open(Sealed sealed, String associatedData) {
    Optional<Key> key = ring.stream().filter(k -> k.id().equals(sealed.keyId())).findFirst();
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.get().bytes(), "AES"),
          new GCMParameterSpec(TAG_BITS, sealed.nonce()));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return Optional.of(cipher.doFinal(sealed.ciphertext()));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /** Parses {@code id:base64,id:base64} (first = current). */
  public static List<Key> parseRing(String spec) {
    Map<String, Key> keys = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("write master keys as id:base64, separated by commas");
      }
      byte[] bytes;
      try {
        bytes = java.util.Base64.getDecoder().decode(p.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("master key '" + p.substring(0, colon) + "' is not valid base64");
      }
      keys.putIfAbsent(p.substring(0, colon), new Key(p.substring(0, colon), bytes));
    }
    return List.copyOf(keys.values());
  }
}
