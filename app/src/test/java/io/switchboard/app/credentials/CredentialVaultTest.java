package io.switchboard.app.credentials;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialVaultTest {

  private static CredentialVault.Key key(String id, int fill) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) fill);
    return new CredentialVault.Key(id, bytes);
  }

  @Test
  void shouldOpenWhatItSealedAndKeepThePlaintextOutOfTheCiphertext() {
    CredentialVault vault = new CredentialVault(List.of(key("k1", 1)));
    byte[] secret = "{\"authToken\":\"tw-secret-123\"}".getBytes(StandardCharsets.UTF_8);
    CredentialVault.Sealed sealed = vault.seal(secret, "tenant-a:cred-1");
    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("tw-secret-123");
    assertThat(vault.open(sealed, "tenant-a:cred-1")).hasValueSatisfying(p -> assertThat(p).isEqualTo(secret));
  }

  @Test
  void shouldRefuseACiphertextMovedToAnotherTenantOrTamperedWith() {
    CredentialVault vault = new CredentialVault(List.of(key("k1", 1)));
    CredentialVault.Sealed sealed = vault.seal("secret".getBytes(StandardCharsets.UTF_8), "tenant-a:cred-1");
    assertThat(vault.open(sealed, "tenant-b:cred-1")).isEmpty();
    byte[] tampered = sealed.ciphertext().clone();
    tampered[0] ^= 1;
    assertThat(vault.open(new CredentialVault.Sealed("k1", sealed.nonce(), tampered), "tenant-a:cred-1")).isEmpty();
  }

  @Test
  void shouldKeepOpeningOldSecretsAfterTheKeyRotates() {
    CredentialVault before = new CredentialVault(List.of(key("k1", 1)));
    CredentialVault.Sealed old = before.seal("old".getBytes(StandardCharsets.UTF_8), "a:b");
    CredentialVault after = new CredentialVault(List.of(key("k2", 2), key("k1", 1)));
    assertThat(after.open(old, "a:b")).hasValueSatisfying(p -> assertThat(new String(p, StandardCharsets.UTF_8)).isEqualTo("old"));
    assertThat(after.seal("new".getBytes(StandardCharsets.UTF_8), "a:b").keyId()).isEqualTo("k2");
    assertThat(new CredentialVault(List.of(key("k2", 2))).open(old, "a:b")).as("retired key gone").isEmpty();
  }

  @Test
  void shouldExplainAMalformedKeyRing() {
    assertThatThrownBy(() -> CredentialVault.parseRing("nokey")).hasMessageContaining("id:base64");
    assertThatThrownBy(() -> CredentialVault.parseRing("k1:" + Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("32 bytes");
    assertThat(CredentialVault.parseRing("k2:" + Base64.getEncoder().encodeToString(new byte[32]) + ",k1:"
        + Base64.getEncoder().encodeToString(new byte[32]))).extracting(CredentialVault.Key::id).containsExactly("k2", "k1");
  }
}
