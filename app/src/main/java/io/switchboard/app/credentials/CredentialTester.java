package io.switchboard.app.credentials;

import io.switchboard.engine.spi.Credential;

/**
 * Checks that a stored credential works ("test connection"), for the credential types it knows.
 * Each provider package contributes one as a Spring bean.
 */
public interface CredentialTester {

  boolean handles(String credentialType);

  /** Tries the credential against its provider; never puts a secret into the answer. */
  Result test(Credential credential);

  /** {@code ok} with what was found ("Twilio account 'Acme' is active"), or why it failed, in plain words. */
  record Result(boolean ok, String message) {}
}
