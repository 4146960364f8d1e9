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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Remembers facts about a contact ({@code ai.remember@1}): given explicitly, or extracted by the
 * model from an episode (a message, a call transcript, a note) as subject – relation – object
 * triples of the contact's memory graph. The episode is kept and every fact names it. A fact that
 * contradicts a current one (same subject and single-valued relation, another object) closes it;
 * the old one stays in the history.
 */
public final class RememberNode extends BasicNodeType<RememberNode.Config> {

  public static final String KEY = "ai.remember@1";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SCHEMA = """
      {"type": "object", "required": ["facts"], "properties": {"facts": {"type": "array", "items": {"type": "object",
       "required": ["subject", "relation", "object", "singleValued"], "properties": {
       "subject": {"type": "string", "minLength": 1, "maxLength": 300}, "subjectKind": {"type": "string", "maxLength": 40},
       "relation": {"type": "string", "minLength": 1, "maxLength": 100},
       "object": {"type": "string", "minLength": 1, "maxLength": 300}, "objectKind": {"type": "string", "maxLength": 40},
       "singleValued": {"type": "boolean"}}}}}}""";

  public record Config(
      @FieldInfo(title = "Contact", help = "The contact's id.", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "{{ contact.id }}") String contactId,
      @FieldInfo(title = "What happened", help = "A message, call transcript or note to take facts from.", kind = FieldKind.TEMPLATE,
          placeholder = "{{ trigger.body }}") String episode,
      @FieldInfo(title = "Kind of episode", help = "message, call or note (default message).",
          kind = FieldKind.SELECT, options = {"message", "call", "note"}) String episodeKind,
      @FieldInfo(title = "Facts", help = "Or give the facts yourself: [{\"attribute\": \"preferred_day\", \"value\": \"Friday\"}], or "
          + "[{\"subject\": \"Rex\", \"relation\": \"breed\", \"object\": \"beagle\"}].",
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
    ContactMemory.EpisodeKind kind;
    try {
      kind = config.episodeKind() == null || config.episodeKind().isBlank() ? ContactMemory.EpisodeKind.MESSAGE
          : ContactMemory.EpisodeKind.valueOf(config.episodeKind().strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": the kind of episode is message, call or note.", false);
    }
    LlmClient.Target target = explicit ? null : LlmNode.target(context, config.credentialId(), config.model(), 0.0, null,
        config.timeoutSeconds(), platform, PlatformPrompts.NONE /* our own extraction prompt, not a tenant's step */);
    if (target != null && target.settings().sandboxed()) {
      return NodeResult.fail("memory_needs_model", "\"" + context.nodeName() + "\": taking facts from a conversation needs an AI "
          + "model, and this workspace has none connected (the sandbox model would only invent placeholder facts). "
          + "Add an AI model credential, or give the facts explicitly.", false);
    }
    JsonNode result = context.performOnce(() -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<ContactMemory.Statement> statements = explicit ? explicitFacts(config.facts(), context)
          : extract(context, target, contact, episode, out);
      Instant now = context.clock().instant();
      try {
        Optional<UUID> episodeId = episode.isEmpty() ? Optional.empty()
            : Optional.of(memory.addEpisode(context.tenant(), contact, kind, shorten(episode, 19_999), now).id());
        episodeId.ifPresent(id -> out.put("episodeId", id.toString()));
        ArrayNode added = out.putArray("added");
        ArrayNode replaced = out.putArray("replaced");
        ArrayNode unchanged = out.putArray("unchanged");
        String source = explicit ? "step " + context.nodeName() : kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + shorten(episode, 500);
        for (ContactMemory.Statement statement : statements) {
          ContactMemory.Remembered r;
          try {
            r = memory.remember(context.tenant(), contact, statement, now, episodeId, source);
          } catch (IllegalArgumentException e) {
            continue;
          }
          ObjectNode o = (switch (r.change()) {
            case ADDED -> added;
            case REPLACED -> replaced;
            case UNCHANGED -> unchanged;
          }).addObject();
          o.put("attribute", r.fact().attribute()).put("value", r.fact().value()).put("subject", r.fact().subject().name())
              .put("relation", r.fact().relation()).put("object", r.fact().object().name());
          r.closed().ifPresent(c -> o.put("previous", c.value()));
        }
      } catch (ContactMemory.UnknownContact e) {
        throw new NodeFailure("contact_not_found", "\"" + context.nodeName() + "\": there is no contact " + contact
            + " in this workspace.", false);
      } catch (RuntimeException e) {
        throw new NodeFailure("memory_unavailable", "\"" + context.nodeName() + "\": the contact memory could not be reached or "
            + "updated just now. It will be tried again.", true);
      }
      out.put("contactId", contact.toString());
      return out;
    });
    return NodeResult.emit("out", result);
  }

  private static String shorten(String text, int max) {
    return text.length() > max ? text.substring(0, max) + "…" : text;
  }

  /** Explicit facts: {attribute, value} about the contact, or {subject, relation, object} with optional kinds and singleValued. */
  private static List<ContactMemory.Statement> explicitFacts(JsonNode facts, NodeContext context) throws NodeFailure {
    List<ContactMemory.Statement> statements = new ArrayList<>();
    for (JsonNode f : facts) {
      boolean graph = f.has("relation");
      String relation = (graph ? f.path("relation") : f.path("attribute")).asString("").strip();
      JsonNode objectNode = graph ? f.path("object") : f.path("value");
      String object = objectNode.isString() ? objectNode.asString().strip() : objectNode.isMissingNode() ? "" : objectNode.toString();
      String subject = graph ? f.path("subject").asString(ContactMemory.CONTACT).strip() : ContactMemory.CONTACT;
      if (relation.isEmpty() || object.isEmpty() || subject.isEmpty()) {
        throw new NodeFailure("invalid_config", "\"" + context.nodeName() + "\": each fact needs an attribute and a value (or a "
            + "subject, a relation and an object).", false);
      }
      statements.add(new ContactMemory.Statement(subject, f.path("subjectKind").asString(""), relation, object,
          f.path("objectKind").asString("value"), f.path("singleValued").asBoolean(true)));
    }
    return statements;
  }

  private List<ContactMemory.Statement> extract(NodeContext context, LlmClient.Target target, UUID contact, String episode, ObjectNode out)
      throws NodeFailure {
    StructuredOutput schema;
    try {
      schema = StructuredOutput.of(JSON.readTree(SCHEMA));
    } catch (StructuredOutput.InvalidSchema e) {
      throw new IllegalStateException(e);
    }
    StringBuilder known = new StringBuilder();
    List<ContactMemory.Fact> current;
    try {
      current = memory.current(context.tenant(), contact);
    } catch (RuntimeException e) {
      throw new NodeFailure("memory_unavailable", "\"" + context.nodeName() + "\": the contact memory could not be reached just "
          + "now. It will be tried again.", true);
    }
    for (ContactMemory.Fact f : current) {
      known.append("- ").append(f.subject().name()).append(" | ").append(f.relation()).append(" | ").append(f.value()).append('\n');
    }
    String system = "You keep a CRM's memory of one contact as a knowledge graph. From the episode, list the lasting facts "
        + "(preferences, situation, plans, constraints, people, pets, places, organisations, products) as subject | relation | "
        + "object triples. Use the subject \"contact\" for the contact themself; name other entities as written (\"Rex\", "
        + "\"Acme Corp\"), with a kind (person, pet, place, organisation, product, value). Relations are short snake_case verbs "
        + "(lives_in, works_at, preferred_day, has_child). singleValued is true when the relation holds one object at a time "
        + "(lives_in, preferred_day), false when several stand together (likes, has_child). When a fact updates one already "
        + "known, reuse its subject and relation exactly. Leave out small talk.\n"
        + "Known facts (subject | relation | object):\n" + (known.isEmpty() ? "(none)\n" : known) + "\n" + schema.instruction();
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
    out.set("calls", JsonNodeFactory.instance.arrayNode().add(LlmClient.record(target, messages, exchange)));
    List<ContactMemory.Statement> statements = new ArrayList<>();
    for (JsonNode f : ((StructuredOutput.Checked.Valid) checked).value().path("facts")) {
      statements.add(new ContactMemory.Statement(f.path("subject").asString(), f.path("subjectKind").asString(""),
          f.path("relation").asString(), f.path("object").asString(), f.path("objectKind").asString("value"),
          f.path("singleValued").asBoolean(true)));
    }
    return statements;
  }
}
