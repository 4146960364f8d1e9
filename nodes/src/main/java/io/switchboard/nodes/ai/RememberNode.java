package io.switchboard.nodes.ai;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Remembers facts about a contact ({@code ai.remember@1}): given explicitly, or extracted by the
 * model from an episode (a message, a call transcript, a note). A fact that contradicts a current
 * one (same attribute, another value) closes it; the old value stays in the history.
 */
public final class RememberNode extends BasicNodeType<RememberNode.Config> {

  public static final String KEY = "ai.remember@1";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SCHEMA = """
      {"type": "object", "required": ["facts"], "properties": {"facts": {"type": "array", "items": {"type": "object",
       "required": ["attribute", "value"], "properties": {"attribute": {"type": "string", "minLength": 1, "maxLength": 100},
       "value": {"type": "string", "minLength": 1, "maxLength": 2000}}}}}}""";

  public record Config(
      @FieldInfo(title = "Contact", help = "The contact's id.", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "{{ contact.id }}") String contactId,
      @FieldInfo(title = "What happened", help = "A message, call transcript or note to take facts from.", kind = FieldKind.TEMPLATE,
          placeholder = "{{ trigger.body }}") String episode,
      @FieldInfo(title = "Facts", help = "Or give the facts yourself: [{\"attribute\": \"preferred_day\", \"value\": \"Friday\"}].",
          kind = FieldKind.JSON) JsonNode facts,
      @FieldInfo(title = "AI model account", kind = FieldKind.CREDENTIAL, credentialType = "llm") String credentialId,
      @FieldInfo(title = "Model", placeholder = "gpt-4o-mini") String model,
      @FieldInfo(title = "Time limit (seconds)", kind = FieldKind.NUMBER) Integer timeoutSeconds) {}

  private final ContactMemory memory;
  private final LlmClient client;
  private final PlatformModels platform;

  public RememberNode(ContactMemory memory, LlmClient client, PlatformModels platform) {
    super(Config.class, describe(KEY, "Remember about contact", "AI",
        "Keeps facts about a contact (preferences, situation, plans), taken from a message or call by the AI, with their history.",
        NodeKind.ACTION, Set.of("contactId"), Set.of(), Set.of("contactId", "episode")), List.of(PortSpec.of("out")));
    this.memory = memory;
    this.client = client;
    this.platform = platform;
  }

  record Pair(String attribute, String value) {}

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    UUID contact;
    try {
      contact = UUID.fromString(config.contactId().strip());
    } catch (RuntimeException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" needs the id of a contact, such as {{ contact.id }}.", false);
    }
    boolean explicit = config.facts() != null && config.facts().isArray() && !config.facts().isEmpty();
    String episode = config.episode() == null ? "" : config.episode().strip();
    if (!explicit && episode.isEmpty()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" has neither facts nor an episode to take them from.", false);
    }
    LlmClient.Target target = explicit ? null : LlmNode.target(context, config.credentialId(), config.model(), 0.0, null,
        config.timeoutSeconds(), platform);
    if (target != null && target.settings().sandboxed()) {
      return NodeResult.fail("memory_needs_model", "\"" + context.nodeName() + "\": taking facts from a conversation needs an AI "
          + "model, and this workspace has none connected (the sandbox model would only invent placeholder facts). "
          + "Add an AI model credential, or give the facts explicitly.", false);
    }
    JsonNode result = context.performOnce(() -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<Pair> pairs = explicit ? explicitFacts(config.facts(), context) : extract(context, target, contact, episode, out);
      Instant now = context.clock().instant();
      ArrayNode added = out.putArray("added");
      ArrayNode replaced = out.putArray("replaced");
      ArrayNode unchanged = out.putArray("unchanged");
      String source = explicit ? "step " + context.nodeName() : (episode.length() > 500 ? episode.substring(0, 500) + "…" : episode);
      for (Pair p : pairs) {
        ContactMemory.Remembered r;
        try {
          r = memory.remember(context.tenant(), contact, p.attribute(), p.value(), now, source);
        } catch (IllegalArgumentException e) {
          continue;
        } catch (RuntimeException e) {
          throw new NodeFailure("contact_not_found", "\"" + context.nodeName() + "\": there is no contact " + contact
              + " in this workspace.", false);
        }
        switch (r.change()) {
          case ADDED -> added.addObject().put("attribute", r.fact().attribute()).put("value", r.fact().value());
          case REPLACED -> replaced.addObject().put("attribute", r.fact().attribute()).put("value", r.fact().value())
              .put("previous", r.closed().orElseThrow().value());
          case UNCHANGED -> unchanged.addObject().put("attribute", r.fact().attribute()).put("value", r.fact().value());
        }
      }
      out.put("contactId", contact.toString());
      return out;
    });
    return NodeResult.emit("out", result);
  }

  private static List<Pair> explicitFacts(JsonNode facts, NodeContext context) throws NodeFailure {
    List<Pair> pairs = new ArrayList<>();
    for (JsonNode f : facts) {
      String attribute = f.path("attribute").asString("").strip();
      String value = f.path("value").isString() ? f.path("value").asString().strip() : f.path("value").toString();
      if (attribute.isEmpty() || value.isEmpty() || f.path("value").isMissingNode()) {
        throw new NodeFailure("invalid_config", "\"" + context.nodeName() + "\": each fact needs an attribute and a value.", false);
      }
      pairs.add(new Pair(attribute, value));
    }
    return pairs;
  }

  private List<Pair> extract(NodeContext context, LlmClient.Target target, UUID contact, String episode, ObjectNode out)
      throws NodeFailure {
    StructuredOutput schema;
    try {
      schema = StructuredOutput.of(JSON.readTree(SCHEMA));
    } catch (StructuredOutput.InvalidSchema e) {
      throw new IllegalStateException(e);
    }
    StringBuilder known = new StringBuilder();
    for (ContactMemory.Fact f : memory.current(context.tenant(), contact)) {
      known.append("- ").append(f.attribute()).append(": ").append(f.value()).append('\n');
    }
    String system = "You keep a CRM's memory of one contact. From the episode, list the lasting facts about the contact "
        + "(preferences, situation, plans, constraints) as attribute/value pairs with short snake_case attributes. When a fact "
        + "updates one already known, reuse its attribute exactly. Leave out small talk and anything not about the contact. "
        + "Known facts:\n" + (known.isEmpty() ? "(none)\n" : known) + "\n" + schema.instruction();
    List<ChatMessage> messages = List.of(SystemMessage.from(system), UserMessage.from("Episode:\n" + episode));
    LlmClient.Exchange exchange = client.chat(context, target, messages, List.of());
    LlmNode.Totals totals = new LlmNode.Totals();
    totals.add(exchange);
    StructuredOutput.Checked checked = schema.check(exchange.text());
    if (checked instanceof StructuredOutput.Checked.Invalid invalid) {
      throw new NodeFailure("llm_invalid_output", "\"" + context.nodeName() + "\": the model's facts could not be read ("
          + invalid.problem() + "). Raw reply: " + LlmClient.shorten(exchange.text()), false);
    }
    LlmNode.describe(out, target, exchange.modelName());
    totals.write(out);
    out.set("calls", JsonNodeFactory.instance.arrayNode().add(LlmClient.record(messages, exchange)));
    List<Pair> pairs = new ArrayList<>();
    for (JsonNode f : ((StructuredOutput.Checked.Valid) checked).value().path("facts")) {
      pairs.add(new Pair(f.path("attribute").asString(), f.path("value").asString()));
    }
    return pairs;
  }
}
