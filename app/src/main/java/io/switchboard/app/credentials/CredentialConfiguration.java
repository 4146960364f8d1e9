package io.switchboard.app.credentials;

import io.switchboard.app.config.SwitchboardProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The master key ring for credentials: {@code SWITCHBOARD_MASTER_KEYS} ({@code id:base64,...}, the
 * first encrypts; all decrypt) — required when several nodes share a database — or, on a single
 * machine, a key generated once into {@code $SWITCHBOARD_HOME/master.key}.
 */
@Configuration(proxyBeanMethods = false)
public class CredentialConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CredentialConfiguration.class);

  @Bean
  CredentialVault credentialVault(@Value("${SWITCHBOARD_MASTER_KEYS:}") String ring, SwitchboardProperties props) {
    if (!ring.isBlank()) {
      return new CredentialVault(CredentialVault.parseRing(ring));
    }
    return new CredentialVault(List.of(localKey(props.home().resolve("master.key"))));
  }

  private static CredentialVault.Key localKey(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path partial = file.resolveSibling("master.key.partial");
        Files.writeString(partial, "local-1:" + Base64.getEncoder().encodeToString(key));
        try {
          Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // best effort on file systems without POSIX modes
        }
        Files.move(partial, file);
        log.info("generated the credentials master key in {}; back it up, and set SWITCHBOARD_MASTER_KEYS when running several nodes", file);
      }
      return CredentialVault.parseRing(Files.readString(file).trim()).getFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the master key " + file, e);
    }
  }
}
