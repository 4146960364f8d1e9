package io.switchboard.app.security;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Argon2id password hashes (Spring Security's 5.8+ defaults: 16 MiB, 2 iterations). */
@Component
public class PasswordHashing {

  public static final int MIN_LENGTH = 10;

  private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  // Compared against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
  private final String decoy = encoder.encode("decoy-password-for-timing");

  public String hash(String password) {
    return encoder.encode(password);
  }

  public boolean matches(String password, String hash) {
    return hash != null && encoder.matches(password, hash);
  }

  public void spendTimeOnUnknownAccount(String password) {
    encoder.matches(password, decoy);
  }

  /** Empty when acceptable, otherwise a sentence for the user. */
  public static java.util.Optional<String> weakness(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      return java.util.Optional.of("Choose a password of at least " + MIN_LENGTH + " characters.");
    }
    if (password.length() > 200) {
      return java.util.Optional.of("Choose a password of at most 200 characters.");
    }
    if (password.chars().distinct().count() < 4) {
      return java.util.Optional.of("That password is too easy to guess; mix more different characters.");
    }
    return java.util.Optional.empty();
  }
}
