package io.switchboard.nodes.crm;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Creates or updates a contact: matched by id, else by phone number, else by e-mail; fields left
 * empty are not changed. Also sets the pipeline stage, the lead score, tags and custom fields.
 */
public final class UpdateContact extends BasicNodeType<UpdateContact.Config> {

  public static final String KEY = "crm.upsert-contact@1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public record Config(
      @FieldInfo(title = "Contact id", help = "Empty: match by phone number or e-mail.", kind = FieldKind.TEMPLATE,
          placeholder = "{{ contact.id }}") String contactId,
      @FieldInfo(title = "Phone number", kind = FieldKind.TEMPLATE) String phone,
      @FieldInfo(title = "E-mail", kind = FieldKind.TEMPLATE) String email,
      @FieldInfo(title = "First name", kind = FieldKind.TEMPLATE) String firstName,
      @FieldInfo(title = "Last name", kind = FieldKind.TEMPLATE) String lastName,
      @FieldInfo(title = "Company", kind = FieldKind.TEMPLATE) String company,
      @FieldInfo(title = "Pipeline stage", kind = FieldKind.SELECT,
          options = {"", "new", "contacted", "qualified", "booked", "customer", "cold", "lost"}) String stage,
      @FieldInfo(title = "Lead score", help = "A number from 0 to 100.", kind = FieldKind.TEMPLATE) String leadScore,
      @FieldInfo(title = "Add tags", help = "Comma-separated, such as vip, newsletter.", kind = FieldKind.TEMPLATE) String tags,
      @FieldInfo(title = "Custom fields", help = "A JSON object merged into the contact's custom fields; its text values "
          + "may use {{ }}: {\"plan\": \"{{ trigger.body.plan }}\"}.", kind = FieldKind.JSON) JsonNode customFields) {}

  private final ContactBook contacts;

  public UpdateContact(ContactBook contacts) {
    super(Config.class, describe(KEY, "Create or update contact", "CRM",
        "Adds a contact, or changes the one with this id, phone number or e-mail.", NodeKind.ACTION, Set.of(), Set.of(),
        Set.of("contactId", "phone", "email", "firstName", "lastName", "company", "leadScore", "tags", "customFields")),
        List.of(PortSpec.of("out")));
    this.contacts = contacts;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    String name = "\"" + context.nodeName() + "\"";
    Optional<String> phone = text(config.phone());
    Optional<String> e164 = phone.flatMap(PhoneNumbers::normalise);
    if (phone.isPresent() && e164.isEmpty()) {
      return NodeResult.fail("invalid_number", name + ": \"" + phone.get() + "\" is not a phone number like +15551234567.", false);
    }
    Optional<Integer> score;
    try {
      score = text(config.leadScore()).map(s -> (int) Math.round(Double.parseDouble(s)));
    } catch (NumberFormatException e) {
      return NodeResult.fail("invalid_score", name + ": the lead score \"" + config.leadScore().strip() + "\" is not a number.", false);
    }
    if (score.isPresent() && (score.get() < 0 || score.get() > 100)) {
      return NodeResult.fail("invalid_score", name + ": a lead score goes from 0 to 100, not " + score.get() + ".", false);
    }
    Optional<JsonNode> custom;
    try {
      // an object as it stands, or (as older workflows keep it) JSON written as text
      JsonNode given = config.customFields();
      custom = given == null || given.isNull() || given.isMissingNode() ? Optional.empty()
          : given.isString() ? text(given.asString()).map(JSON::readTree) : Optional.of(given);
    } catch (JacksonException e) {
      return NodeResult.fail("invalid_custom_fields", name + ": the custom fields are not valid JSON.", false);
    }
    if (custom.isPresent() && !custom.get().isObject()) {
      return NodeResult.fail("invalid_custom_fields", name + ": custom fields must be a JSON object like {\"plan\": \"gold\"}.", false);
    }
    Set<String> tags = text(config.tags()).map(t -> Arrays.stream(t.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new))).orElse(new LinkedHashSet<>());
    ContactChanges changes = new ContactChanges(text(config.firstName()), text(config.lastName()), e164, text(config.email()),
        text(config.company()), text(config.stage()), score, custom, tags);

    Optional<Contact> existing;
    Optional<String> id = text(config.contactId());
    if (id.isPresent()) {
      UUID contactId;
      try {
        contactId = UUID.fromString(id.get());
      } catch (IllegalArgumentException e) {
        return NodeResult.fail("invalid_contact_id", name + ": \"" + id.get() + "\" is not a contact id.", false);
      }
      existing = contacts.find(context.tenant(), contactId);
      if (existing.isEmpty()) {
        return NodeResult.fail("contact_not_found", name + ": there is no contact with id " + contactId + ".", false);
      }
    } else {
      existing = e164.flatMap(p -> contacts.findByPhone(context.tenant(), p))
          .or(() -> text(config.email()).flatMap(e -> contacts.findByEmail(context.tenant(), e)));
    }
    try {
      if (existing.isPresent()) {
        Contact updated = contacts.update(context.tenant(), existing.get().id(), changes).orElseThrow();
        return NodeResult.emit("out", FindContact.output(updated, false));
      }
      if (e164.isEmpty() && text(config.email()).isEmpty()) {
        return NodeResult.fail("invalid_config", name + " needs a contact id, a phone number or an e-mail.", false);
      }
      return NodeResult.emit("out", FindContact.output(contacts.create(context.tenant(), changes), true));
    } catch (ContactBook.InvalidContact e) {
      return NodeResult.fail("invalid_contact", name + ": " + e.getMessage(), false);
    }
  }

  static Optional<String> text(String s) {
    return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty());
  }
}
