package io.switchboard.nodes.crm;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Adds and removes tags on a contact. */
public final class TagContact extends BasicNodeType<TagContact.Config> {

  public static final String KEY = "crm.tag@1";

  public record Config(
      @FieldInfo(title = "Contact id", kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ contact.id }}") String contactId,
      @FieldInfo(title = "Add tags", help = "Comma-separated.", kind = FieldKind.TEMPLATE) String add,
      @FieldInfo(title = "Remove tags", help = "Comma-separated.", kind = FieldKind.TEMPLATE) String remove) {}

  private final ContactBook contacts;

  public TagContact(ContactBook contacts) {
    super(Config.class, describe(KEY, "Tag contact", "CRM", "Adds or removes tags such as cold, vip or booked.",
        NodeKind.ACTION, Set.of("contactId"), Set.of(), Set.of("contactId", "add", "remove")), List.of(PortSpec.of("out")));
    this.contacts = contacts;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    Optional<UUID> id = ContactNote.contactId(config.contactId());
    if (id.isEmpty()) {
      return NodeResult.fail("invalid_contact_id", "\"" + context.nodeName() + "\" has no contact to tag (the contact id is empty or wrong).", false);
    }
    return contacts.tag(context.tenant(), id.get(), split(config.add()), split(config.remove()))
        .<NodeResult>map(c -> NodeResult.emit("out", FindContact.output(c, false)))
        .orElseGet(() -> NodeResult.fail("contact_not_found", "\"" + context.nodeName() + "\": there is no contact with id " + id.get() + ".", false));
  }

  static Set<String> split(String list) {
    if (list == null) {
      return Set.of();
    }
    return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
