package io.switchboard.nodes.crm;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Looks a contact up by phone number or e-mail; leaves by "Found" with the contact, or by
 * "Not found" (or, with "create when missing", creates one and leaves by "Found" with it).
 */
public final class FindContact extends BasicNodeType<FindContact.Config> {

  public static final String KEY = "crm.find-contact@1";

  public record Config(
      @FieldInfo(title = "Phone number", kind = FieldKind.TEMPLATE, placeholder = "{{ trigger.from }}") String phone,
      @FieldInfo(title = "E-mail", kind = FieldKind.TEMPLATE, placeholder = "{{ trigger.body.email }}") String email,
      @FieldInfo(title = "Create when missing", help = "Add the person as a new contact when none matches.",
          kind = FieldKind.BOOLEAN) Boolean createIfMissing) {}

  private final ContactBook contacts;

  public FindContact(ContactBook contacts) {
    super(Config.class, describe(KEY, "Find contact", "CRM",
        "Finds a contact by phone number or e-mail, and can create it when there is none.",
        NodeKind.ACTION, Set.of(), Set.of(), Set.of("phone", "email")),
        List.of(new PortSpec("found", "Found"), new PortSpec("not_found", "Not found")));
    this.contacts = contacts;
  }

  @Override
  public boolean hasSideEffects() {
    return false; // creating a contact twice is prevented by the unique phone/e-mail lookup below
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    Optional<String> phone = Optional.ofNullable(config.phone()).map(String::strip).filter(s -> !s.isEmpty());
    Optional<String> email = Optional.ofNullable(config.email()).map(String::strip).filter(s -> !s.isEmpty());
    if (phone.isEmpty() && email.isEmpty()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" needs a phone number or an e-mail to look for.", false);
    }
    Optional<String> e164 = phone.flatMap(PhoneNumbers::normalise);
    if (phone.isPresent() && e164.isEmpty()) {
      return NodeResult.fail("invalid_number", "\"" + context.nodeName() + "\": \"" + phone.get()
          + "\" is not a phone number like +15551234567.", false);
    }
    Optional<Contact> found = e164.flatMap(p -> contacts.findByPhone(context.tenant(), p))
        .or(() -> email.flatMap(e -> contacts.findByEmail(context.tenant(), e)));
    if (found.isPresent()) {
      return NodeResult.emit("found", output(found.get(), false));
    }
    if (Boolean.TRUE.equals(config.createIfMissing())) {
      ContactChanges fields = ContactChanges.none();
      if (e164.isPresent()) {
        fields = fields.withPhone(e164.get());
      }
      if (email.isPresent()) {
        fields = fields.withEmail(email.get());
      }
      try {
        return NodeResult.emit("found", output(contacts.create(context.tenant(), fields), true));
      } catch (ContactBook.InvalidContact e) {
        return NodeResult.fail("invalid_contact", "\"" + context.nodeName() + "\": " + e.getMessage(), false);
      }
    }
    ObjectNode missing = JsonNodeFactory.instance.objectNode();
    e164.ifPresent(p -> missing.put("phone", p));
    email.ifPresent(e -> missing.put("email", e));
    return NodeResult.emit("not_found", missing);
  }

  static ObjectNode output(Contact contact, boolean created) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("contact", contact.toJson());
    out.put("created", created);
    return out;
  }
}
