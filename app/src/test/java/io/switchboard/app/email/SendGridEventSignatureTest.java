package io.switchboard.app.email;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SendGridEventSignatureTest {

  static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  static String sign(KeyPair keys, String timestamp, byte[] body) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
    signer.update(body);
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  @Test
  void shouldAcceptOnlyAFreshSignatureOverThisTimestampAndBody() throws Exception {
    KeyPair keys = keys();
    String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    Instant now = Instant.parse("2026-03-02T08:00:00Z");
    String ts = String.valueOf(now.getEpochSecond());
    byte[] body = "[{\"event\":\"delivered\",\"sg_event_id\":\"e1\"}]".getBytes(StandardCharsets.UTF_8);
    String signature = sign(keys, ts, body);

    assertThat(SendGridEventSignature.valid(publicKey, signature, ts, body, now)).isTrue();
    assertThat(SendGridEventSignature.valid(publicKey, signature, ts,
        "[{\"event\":\"bounce\",\"sg_event_id\":\"e1\"}]".getBytes(StandardCharsets.UTF_8), now)).isFalse();
    assertThat(SendGridEventSignature.valid(publicKey, signature, String.valueOf(now.getEpochSecond() + 1), body, now)).isFalse();
    assertThat(SendGridEventSignature.valid(publicKey, signature, ts, body, now.plusSeconds(301))).isFalse();
    String otherKey = Base64.getEncoder().encodeToString(keys().getPublic().getEncoded());
    assertThat(SendGridEventSignature.valid(otherKey, signature, ts, body, now)).isFalse();
    assertThat(SendGridEventSignature.valid(publicKey, "not base64!", ts, body, now)).isFalse();
    assertThat(SendGridEventSignature.valid(publicKey, null, ts, body, now)).isFalse();
  }
}
