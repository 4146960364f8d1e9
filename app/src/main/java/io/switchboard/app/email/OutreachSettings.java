package io.switchboard.app.email;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.calendar.CalendarSettings;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

import static io.switchboard.schema.jooq.Tables.TENANTS;

/**
 * The workspace's outreach settings, kept in its {@code settings} document: the address e-mails
 * come from ({@code email.fromAddress}, {@code email.fromName}) and its Cal.com booking link
 * ({@code calendar.bookingLink}).
 */
@Component
public class OutreachSettings implements CalendarSettings {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;

  public OutreachSettings(TenantDatabase db) {
    this.db = db;
  }

  /** The settings as shown and changed; empty strings mean "not set". */
  public record Values(String emailFromAddress, String emailFromName, String bookingLink) {}

  public Values read(TenantId tenant) {
    JsonNode s = settings(tenant);
    return new Values(s.path("email").path("fromAddress").asString(""), s.path("email").path("fromName").asString(""),
        s.path("calendar").path("bookingLink").asString(""));
  }

  public void write(TenantId tenant, Values values) {
    db.runInTenant(tenant, tx -> {
      JSONB current = tx.select(TENANTS.SETTINGS).from(TENANTS).where(TENANTS.ID.eq(tenant.value())).fetchOne(TENANTS.SETTINGS);
      ObjectNode s = current == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) JSON.readTree(current.data());
      ObjectNode email = s.has("email") && s.get("email").isObject() ? (ObjectNode) s.get("email") : s.putObject("email");
      email.put("fromAddress", values.emailFromAddress());
      email.put("fromName", values.emailFromName());
      ObjectNode calendar = s.has("calendar") && s.get("calendar").isObject() ? (ObjectNode) s.get("calendar")
          : s.putObject("calendar");
      calendar.put("bookingLink", values.bookingLink());
      tx.update(TENANTS).set(TENANTS.SETTINGS, JSONB.valueOf(JSON.writeValueAsString(s)))
          .where(TENANTS.ID.eq(tenant.value())).execute();
    });
  }

  public Optional<String> fromAddress(TenantId tenant) {
    return Optional.of(read(tenant).emailFromAddress()).filter(s -> !s.isBlank());
  }

  @Override
  public Optional<String> bookingLink(TenantId tenant) {
    return Optional.of(read(tenant).bookingLink()).filter(s -> !s.isBlank());
  }

  private JsonNode settings(TenantId tenant) {
    JSONB raw = db.inTenant(tenant, tx -> tx.select(TENANTS.SETTINGS).from(TENANTS).where(TENANTS.ID.eq(tenant.value()))
        .fetchOne(TENANTS.SETTINGS));
    return raw == null ? JsonNodeFactory.instance.objectNode() : JSON.readTree(raw.data());
  }
}
