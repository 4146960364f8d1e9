package io.switchboard.nodes.crm.hubspot;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.email.EmailAddresses;
import io.switchboard.nodes.crm.PhoneNumbers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates or updates a HubSpot contact ({@code crm.hubspot-upsert@1}), matched by e-mail or by
 * phone, with name, company and any other HubSpot properties.
 */
public final class HubSpotUpsert extends BasicNodeType<HubSpotUpsert.Config> {

  public static final String KEY = "crm.hubspot-upsert@1";

  public record Config(
      @FieldInfo(title = "HubSpot account", help = "A hubspot credential holding a private app's access token (token).",
          kind = FieldKind.CREDENTIAL, credentialType = "hubspot", required = true) String credentialId,
      @FieldInfo(title = "Match by", help = "Which field finds an existing HubSpot contact.", kind = FieldKind.SELECT,
          options = {"email", "phone"}) String matchBy,
      @FieldInfo(title = "E-mail", kind = FieldKind.TEMPLATE, placeholder = "{{ contact.email }}") String email,
      @FieldInfo(title = "Phone", kind = FieldKind.TEMPLATE, placeholder = "{{ contact.phone }}") String phone,
      @FieldInfo(title = "First name", kind = FieldKind.TEMPLATE, placeholder = "{{ contact.first_name }}") String firstName,
      @FieldInfo(title = "Last name", kind = FieldKind.TEMPLATE, placeholder = "{{ contact.last_name }}") String lastName,
      @FieldInfo(title = "Company", kind = FieldKind.TEMPLATE, placeholder = "{{ contact.company }}") String company,
      @FieldInfo(title = "Other properties", help = "HubSpot property names and values, such as "
          + "{\"lifecyclestage\": \"lead\"}; values may use {{ }}.", kind = FieldKind.JSON) Map<String, String> properties) {
    public Config {
      matchBy = matchBy == null || matchBy.isBlank() ? "email" : matchBy.strip().toLowerCase(Locale.ROOT);
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }

  private final HubSpotApi api;

  public HubSpotUpsert(HubSpotApi api) {
    super(Config.class, describe(KEY, "HubSpot: create or update contact", "CRM",
        "Creates a contact in HubSpot, or updates the one with the same e-mail or phone number.", NodeKind.ACTION,
        Set.of("credentialId"), Set.of(), Set.of("email", "phone", "firstName", "lastName", "company", "properties")),
        List.of(PortSpec.of("out")));
    this.api = api;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    HubSpotToken.Found found = HubSpotToken.of(config.credentialId(), context);
    if (found.failure().isPresent()) {
      return found.failure().get();
    }
    String token = found.token().orElseThrow();
    String step = "\"" + context.nodeName() + "\"";
    Optional<String> email = Optional.ofNullable(config.email()).filter(s -> !s.isBlank()).map(String::strip);
    Optional<String> phone = Optional.ofNullable(config.phone()).filter(s -> !s.isBlank()).map(String::strip);
    Optional<String> validEmail = email.flatMap(EmailAddresses::normalise);
    if (email.isPresent() && validEmail.isEmpty()) {
      return NodeResult.fail("invalid_address", step + ": \"" + email.get() + "\" is not an e-mail address.", false);
    }
    Optional<String> validPhone = phone.flatMap(PhoneNumbers::normalise);
    if (phone.isPresent() && validPhone.isEmpty()) {
      return NodeResult.fail("invalid_number", step + ": \"" + phone.get()
          + "\" is not a phone number; one looks like +15551234567 (with the country code).", false);
    }
    Map<String, String> props = new LinkedHashMap<>();
    config.properties().forEach((k, v) -> {
      if (k != null && !k.isBlank() && v != null) {
        props.put(k.strip(), v);
      }
    });
    put(props, "firstname", config.firstName());
    put(props, "lastname", config.lastName());
    put(props, "company", config.company());
    validEmail.ifPresent(e -> props.put("email", e));
    validPhone.ifPresent(p -> props.put("phone", p));

    boolean byPhone = "phone".equals(config.matchBy());
    if (byPhone ? validPhone.isEmpty() : validEmail.isEmpty()) {
      return NodeResult.fail("missing_match_field", step + " matches HubSpot contacts by " + (byPhone ? "phone" : "e-mail")
          + " but has no " + (byPhone ? "phone number" : "e-mail address") + " to match with.", false);
    }
    JsonNode result = context.performOnce(() -> {
      HubSpotApi.UpsertedContact contact = byPhone
          ? api.upsertByPhone(token, validPhone.get(), props)
          : api.upsertByEmail(token, validEmail.get(), props);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("hubspot_id", contact.id());
      out.put("created", contact.created());
      out.put("matched_by", byPhone ? "phone" : "email");
      validEmail.ifPresent(e -> out.put("email", e));
      validPhone.ifPresent(p -> out.put("phone", p));
      return out;
    });
    return NodeResult.emit("out", result);
  }

  private static void put(Map<String, String> props, String name, String value) {
    if (value != null && !value.isBlank()) {
      props.put(name, value.strip());
    }
  }
}
