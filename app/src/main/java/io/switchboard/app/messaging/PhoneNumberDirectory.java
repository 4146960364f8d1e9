package io.switchboard.app.messaging;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.PhoneNumbersRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.PHONE_NUMBERS;

/** The workspace's phone numbers, and which tenant a number belongs to when a provider calls us. */
@Component
public class PhoneNumberDirectory {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;

  public PhoneNumberDirectory(TenantDatabase db) {
    this.db = db;
  }

  /** A number as the rest of the application uses it. */
  public record Number(UUID id, String e164, String friendlyName, String provider, Optional<String> providerSid,
                       Optional<UUID> credentialId, Optional<UUID> workflowId, Optional<UUID> voiceWorkflowId, boolean sms, boolean voice, boolean whatsapp) {}

  /** The tenant a number belongs to (across tenants, through the platform directory). */
  public Optional<TenantId> tenantOf(String e164) {
    return db.platform(tx -> tx.fetchOptional("select route_inbound_number(?) as tenant", e164))
        .map(r -> r.get(0, UUID.class)).map(TenantId::new);
  }

  public Optional<Number> find(TenantId tenant, String e164) {
    return db.inTenant(tenant, tx -> tx.selectFrom(PHONE_NUMBERS).where(PHONE_NUMBERS.E164.eq(e164)).fetchOptional())
        .map(PhoneNumberDirectory::number);
  }

  public Optional<Number> find(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> tx.selectFrom(PHONE_NUMBERS).where(PHONE_NUMBERS.ID.eq(id)).fetchOptional())
        .map(PhoneNumberDirectory::number);
  }

  public List<Number> list(TenantId tenant) {
    return db.inTenant(tenant, tx -> tx.selectFrom(PHONE_NUMBERS).orderBy(PHONE_NUMBERS.CREATED_AT, PHONE_NUMBERS.E164).fetch())
        .map(PhoneNumberDirectory::number);
  }

  static Number number(PhoneNumbersRecord r) {
    var caps = JSON.readTree(r.getCapabilities().data());
    return new Number(r.getId(), r.getE164(), r.getFriendlyName(), r.getProvider(), Optional.ofNullable(r.getProviderSid()),
        Optional.ofNullable(r.getCredentialId()), Optional.ofNullable(r.getWorkflowId()),
        Optional.ofNullable(r.getVoiceWorkflowId()),
        caps.path("sms").asBoolean(true), caps.path("voice").asBoolean(true), caps.path("whatsapp").asBoolean(false));
  }
}
