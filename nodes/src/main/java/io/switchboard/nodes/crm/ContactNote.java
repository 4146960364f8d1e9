package io.switchboard.nodes.crm;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Writes a note on a contact's timeline (a call summary, what was agreed). */
public final class ContactNote extends BasicNodeType<ContactNote.Config> {

  public static final String KEY = "crm.note@1";

  public record Config(
      @FieldInfo(title = "Contact id", kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ contact.id }}") String contactId,
      @FieldInfo(title = "Note", kind = FieldKind.TEMPLATE, required = true) String text) {}

  private final ContactBook contacts;

  public ContactNote(ContactBook contacts) {
    super(Config.class, describe(KEY, "Add note", "CRM", "Adds a note to the contact's timeline.", NodeKind.ACTION,
        Set.of("contactId", "text"), Set.of(), Set.of("contactId", "text")), List.of(PortSpec.of("out")));
    this.contacts = contacts;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    Optional<UUID> id = contactId(config.contactId());
    if (id.isEmpty() || contacts.find(context.tenant(), id.get()).isEmpty()) {
      return NodeResult.fail("contact_not_found", "\"" + context.nodeName() + "\" has no contact to write the note on.", false);
    }
    String text = config.text() == null ? "" : config.text().strip();
    if (text.isEmpty()) {
      return NodeResult.fail("empty_note", "\"" + context.nodeName() + "\" has an empty note.", false);
    }
    String note = text.length() > 10_000 ? text.substring(0, 10_000) : text;
    context.performOnce(() -> {
      contacts.recordActivity(context.tenant(), id.get(), new ContactBook.Activity("note", note,
          Optional.of(context.executionId()), JsonNodeFactory.instance.objectNode().put("node", context.nodeName())));
      return JsonNodeFactory.instance.booleanNode(true);
    });
    return NodeResult.emit("out", JsonNodeFactory.instance.objectNode().put("contact_id", id.get().toString()).put("note", note));
  }

  static Optional<UUID> contactId(String raw) {
    try {
      return Optional.ofNullable(raw).map(String::strip).filter(s -> !s.isEmpty()).map(UUID::fromString);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
