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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a question from a knowledge base ({@code ai.kb-answer@1}): retrieves passages, asks the
 * model to answer only from them citing [n], and leaves by "I don't know" when nothing relevant
 * was found or the model says the passages do not hold the answer, instead of letting it guess.
 */
public final class KbAnswerNode extends BasicNodeType<KbAnswerNode.Config> {

  public static final String KEY = "ai.kb-answer@1";
  static final String UNKNOWN = "I_DONT_KNOW";
  private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,2})]");

  public record Config(
      @FieldInfo(title = "Knowledge base", kind = FieldKind.KNOWLEDGE_BASE, required = true) String knowledgeBaseId,
      @FieldInfo(title = "Question", kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ trigger.body }}") String question,
      @FieldInfo(title = "AI model account", kind = FieldKind.CREDENTIAL, credentialType = "llm") String credentialId,
      @FieldInfo(title = "Model", placeholder = "gpt-4o-mini") String model,
      @FieldInfo(title = "Extra instructions", kind = FieldKind.TEMPLATE, placeholder = "Answer in two sentences, friendly.") String instructions,
      @FieldInfo(title = "Passages to use", help = "Default 5, at most 20.", kind = FieldKind.NUMBER) Integer topK,
      @FieldInfo(title = "Minimum similarity", help = "0 to 1 (default 0.3): passages less similar than this do not count as relevant.",
          kind = FieldKind.NUMBER) Double minSimilarity,
      @FieldInfo(title = "Temperature", kind = FieldKind.NUMBER) Double temperature,
      @FieldInfo(title = "Max tokens", kind = FieldKind.NUMBER) Integer maxTokens,
      @FieldInfo(title = "Time limit (seconds)", kind = FieldKind.NUMBER) Integer timeoutSeconds) {}

  private final KnowledgeSearch knowledge;
  private final LlmClient client;
  private final PlatformModels platform;

  private final PlatformPrompts prompts;

  public KbAnswerNode(KnowledgeSearch knowledge, LlmClient client, PlatformModels platform, PlatformPrompts prompts) {
    super(Config.class, describe(KEY, "Answer from knowledge base", "AI",
        "Answers a question from a knowledge base with the sources it used, or says it does not know.",
        NodeKind.ACTION, Set.of("knowledgeBaseId", "question"), Set.of(), Set.of("question", "instructions")),
        List.of(new PortSpec("answer", "Answered"), new PortSpec("unknown", "I don't know")));
    this.knowledge = knowledge;
    this.client = client;
    this.platform = platform;
    this.prompts = prompts;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    String question = config.question() == null ? "" : config.question().strip();
    if (question.isEmpty()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" has no question.", false);
    }
    int topK = config.topK() == null ? 5 : config.topK();
    if (topK < 1 || topK > 20) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": passages must be between 1 and 20.", false);
    }
    UUID kb;
    try {
      kb = UUID.fromString(config.knowledgeBaseId().strip());
    } catch (RuntimeException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" needs a knowledge base.", false);
    }
    double min = config.minSimilarity() == null ? 0.3 : config.minSimilarity();
    LlmClient.Target target = LlmNode.target(context, config.credentialId(), config.model(), config.temperature(),
        config.maxTokens(), config.timeoutSeconds(), platform, prompts);
    List<KnowledgeSearch.Passage> passages = knowledge.search(context.tenant(), kb, question, topK).stream()
        .filter(p -> p.similarity() >= min).toList();
    if (passages.isEmpty()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("question", question);
      out.put("reason", "Nothing in the knowledge base is relevant enough to this question.");
      out.set("passages", JsonNodeFactory.instance.arrayNode());
      return NodeResult.emit("unknown", out);
    }
    JsonNode result = context.performOnce(() -> answer(context, target, config, question, passages));
    return NodeResult.emit(result.path("known").asBoolean() ? "answer" : "unknown", result);
  }

  private JsonNode answer(NodeContext context, LlmClient.Target target, Config config, String question,
                          List<KnowledgeSearch.Passage> passages) throws NodeFailure {
    StringBuilder sources = new StringBuilder();
    for (int i = 0; i < passages.size(); i++) {
      sources.append('[').append(i + 1).append("] (").append(KbSearchNode.citation(passages.get(i))).append(")\n")
          .append(passages.get(i).text()).append("\n\n");
    }
    String system = "Answer the question using only the numbered passages below. Cite the passages you used as [1], [2] "
        + "right after the sentences they support. If the passages do not contain the answer, reply with exactly " + UNKNOWN
        + " and nothing else." + (config.instructions() == null || config.instructions().isBlank() ? ""
        : "\n\n" + config.instructions().strip()) + "\n\nPassages:\n" + sources.toString().strip();
    List<ChatMessage> messages = List.of(SystemMessage.from(target.systemPrompt(system)),
        UserMessage.from(question));
    LlmClient.Exchange exchange = client.chat(context, target, messages, List.of());
    String text = exchange.text().strip();
    boolean known = !text.contains(UNKNOWN);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("question", question);
    out.put("known", known);
    out.put("answer", known ? text : "");
    if (!known) {
      out.put("reason", "The model found no answer to this question in the retrieved passages.");
    }
    Set<Integer> cited = new TreeSet<>();
    Matcher m = CITATION.matcher(text);
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      if (n >= 1 && n <= passages.size()) {
        cited.add(n);
      }
    }
    ArrayNode citations = out.putArray("citations");
    for (int n : cited) {
      KnowledgeSearch.Passage p = passages.get(n - 1);
      citations.addObject().put("n", n).put("document", p.documentName()).put("heading", p.heading())
          .put("documentId", p.documentId().toString()).put("chunkId", p.chunkId().toString());
    }
    out.set("passages", KbSearchNode.results(new ArrayList<>(passages)));
    LlmNode.describe(out, target, exchange.modelName());
    LlmNode.Totals totals = new LlmNode.Totals();
    totals.add(exchange);
    totals.write(out);
    out.set("calls", JsonNodeFactory.instance.arrayNode().add(LlmClient.record(target, messages, exchange)));
    return out;
  }
}
