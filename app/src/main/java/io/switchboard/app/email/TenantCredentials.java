package io.switchboard.app.email;

import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.CREDENTIALS;

/** A workspace's credentials of one type, decrypted, for checking the signatures of its providers' webhooks. */
@Component
public class TenantCredentials {

  private final TenantDatabase db;
  private final CredentialResolver resolver;

  public TenantCredentials(TenantDatabase db, CredentialResolver resolver) {
    this.db = db;
    this.resolver = resolver;
  }

  public List<Credential> ofType(TenantId tenant, String type) {
    List<UUID> ids = db.inTenant(tenant, tx -> tx.select(CREDENTIALS.ID).from(CREDENTIALS)
        .where(CREDENTIALS.TENANT_ID.eq(tenant.value()).and(CREDENTIALS.TYPE.eq(type)))
        .orderBy(CREDENTIALS.CREATED_AT).limit(20).fetch(CREDENTIALS.ID));
    return ids.stream().map(id -> resolver.find(tenant, id)).flatMap(Optional::stream).toList();
  }

  /** The tenant named in a webhook address, if it is a well-formed id (whether it exists is not said). */
  public static Optional<TenantId> parse(String tenantId) {
    try {
      return Optional.of(new TenantId(UUID.fromString(tenantId)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
