package io.switchboard.engine.spi;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;
import java.util.UUID;

/** Finds a tenant's credential by id and decrypts it; the application provides the implementation. */
public interface CredentialResolver {

  Optional<Credential> find(TenantId tenant, UUID credentialId);

  /** For engines with no credentials (benchmarks, unit tests). */
  CredentialResolver NONE = (tenant, id) -> Optional.empty();
}
