package io.switchboard.nodes.crm;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Moves a contact to another pipeline stage; the change goes on the contact's timeline. */
public final class MoveStage extends BasicNodeType<MoveStage.Config> {

  public static final String KEY = "crm.stage@1";

  public record Config(
      @FieldInfo(title = "Contact id", kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ contact.id }}") String contactId,
      @FieldInfo(title = "Stage", kind = FieldKind.SELECT, required = true,
          options = {"new", "contacted", "qualified", "booked", "customer", "cold", "lost"}) String stage) {}

  private final ContactBook contacts;

  public MoveStage(ContactBook contacts) {
    super(Config.class, describe(KEY, "Move pipeline stage", "CRM", "Moves the contact to another pipeline stage.",
        NodeKind.ACTION, Set.of("contactId", "stage"), Set.of(), Set.of("contactId")), List.of(PortSpec.of("out")));
    this.contacts = contacts;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    Optional<UUID> id = ContactNote.contactId(config.contactId());
    if (id.isEmpty()) {
      return NodeResult.fail("invalid_contact_id", "\"" + context.nodeName() + "\" has no contact to move.", false);
    }
    String stage = config.stage() == null ? "" : config.stage().strip();
    if (stage.isEmpty()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" needs the stage to move to.", false);
    }
    ContactChanges change = new ContactChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(stage), Optional.empty(), Optional.empty(), Set.of());
    try {
      return contacts.update(context.tenant(), id.get(), change)
          .<NodeResult>map(c -> NodeResult.emit("out", FindContact.output(c, false)))
          .orElseGet(() -> NodeResult.fail("contact_not_found", "\"" + context.nodeName() + "\": there is no contact with id " + id.get() + ".", false));
    } catch (ContactBook.InvalidContact e) {
      return NodeResult.fail("invalid_contact", "\"" + context.nodeName() + "\": " + e.getMessage(), false);
    }
  }
}
