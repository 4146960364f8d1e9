package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Recalls what is remembered about a contact ({@code ai.recall@1}): every current fact, the history
 * of one relation (attribute), or the current facts matching some words. Each fact carries its
 * subject, relation, object, validity and source episode; {@code current} maps attributes to values.
 * Leaves by "Found" or "Nothing known".
 */
public final class RecallNode extends BasicNodeType<RecallNode.Config> {

  public static final String KEY = "ai.recall@1";

  public record Config(
      @FieldInfo(title = "Contact", kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ contact.id }}") String contactId,
      @FieldInfo(title = "Attribute", help = "Optional: the history of this one fact, such as preferred_day.") String attribute,
      @FieldInfo(title = "About", help = "Optional: only current facts mentioning these words.", kind = FieldKind.TEMPLATE) String query) {}

  private final ContactMemory memory;

  public RecallNode(ContactMemory memory) {
    super(Config.class, describe(KEY, "Recall about contact", "AI",
        "Looks up what is remembered about a contact: current facts, the history of one, or facts about a topic.",
        NodeKind.ACTION, Set.of("contactId"), Set.of(), Set.of("contactId", "query")),
        List.of(new PortSpec("found", "Found"), new PortSpec("none", "Nothing known")));
    this.memory = memory;
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    UUID contact;
    try {
      contact = UUID.fromString(config.contactId().strip());
    } catch (RuntimeException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" needs the id of a contact, such as {{ contact.id }}.", false);
    }
    boolean history = config.attribute() != null && !config.attribute().isBlank();
    List<ContactMemory.Fact> facts = history ? memory.history(context.tenant(), contact, config.attribute())
        : config.query() != null && !config.query().isBlank() ? memory.matching(context.tenant(), contact, config.query())
        : memory.current(context.tenant(), contact);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("contactId", contact.toString());
    ArrayNode list = out.putArray("facts");
    ObjectNode current = out.putObject("current");
    for (ContactMemory.Fact f : facts) {
      ObjectNode o = list.addObject().put("attribute", f.attribute()).put("value", f.value())
          .put("subject", f.subject().name()).put("subjectKind", f.subject().kind()).put("relation", f.relation())
          .put("object", f.object().name()).put("objectKind", f.object().kind())
          .put("validFrom", f.validFrom().toString()).put("source", f.source());
      f.episodeId().ifPresentOrElse(e -> o.put("episodeId", e.toString()), () -> o.putNull("episodeId"));
      f.validTo().ifPresentOrElse(t -> o.put("validTo", t.toString()), () -> {
        o.putNull("validTo");
        // a relation holding several objects at once (likes, has_child) lists them
        JsonNode known = current.get(f.attribute());
        if (known == null) {
          current.put(f.attribute(), f.value());
        } else if (known.isArray()) {
          ((ArrayNode) known).add(f.value());
        } else {
          current.putArray(f.attribute()).add(known.asString()).add(f.value());
        }
      });
    }
    out.put("count", facts.size());
    return NodeResult.emit(facts.isEmpty() ? "none" : "found", out);
  }
}
