package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Searches a knowledge base ({@code ai.kb-search@1}): the top passages for a query, each with its
 * score and citation (document, heading). Leaves by "Found", or by "Nothing found".
 */
public final class KbSearchNode extends BasicNodeType<KbSearchNode.Config> {

  public static final String KEY = "ai.kb-search@1";

  public record Config(
      @FieldInfo(title = "Knowledge base", kind = FieldKind.KNOWLEDGE_BASE, required = true) String knowledgeBaseId,
      @FieldInfo(title = "Search for", kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ trigger.body }}") String query,
      @FieldInfo(title = "Results", help = "How many passages (default 5, at most 20).", kind = FieldKind.NUMBER) Integer topK,
      @FieldInfo(title = "Minimum similarity", help = "0 to 1; passages less similar to the query are left out (default 0: keep all).",
          kind = FieldKind.NUMBER) Double minSimilarity) {}

  private final KnowledgeSearch knowledge;

  public KbSearchNode(KnowledgeSearch knowledge) {
    super(Config.class, describe(KEY, "Search knowledge base", "AI",
        "Finds the passages of a knowledge base that best match a question, with their sources.",
        NodeKind.ACTION, Set.of("knowledgeBaseId", "query"), Set.of(), Set.of("query")),
        List.of(new PortSpec("found", "Found"), new PortSpec("none", "Nothing found")));
    this.knowledge = knowledge;
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    String query = config.query() == null ? "" : config.query().strip();
    if (query.isEmpty()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" has nothing to search for.", false);
    }
    int topK = config.topK() == null ? 5 : config.topK();
    if (topK < 1 || topK > 20) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": results must be between 1 and 20.", false);
    }
    UUID kb;
    try {
      kb = UUID.fromString(config.knowledgeBaseId().strip());
    } catch (RuntimeException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" needs a knowledge base.", false);
    }
    double min = config.minSimilarity() == null ? 0 : config.minSimilarity();
    List<KnowledgeSearch.Passage> passages = knowledge.search(context.tenant(), kb, query, topK).stream()
        .filter(p -> p.similarity() >= min).toList();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("query", query);
    out.put("knowledgeBaseId", kb.toString());
    out.set("results", results(passages));
    out.put("count", passages.size());
    return NodeResult.emit(passages.isEmpty() ? "none" : "found", out);
  }

  static ArrayNode results(List<KnowledgeSearch.Passage> passages) {
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    int rank = 1;
    for (KnowledgeSearch.Passage p : passages) {
      ObjectNode r = results.addObject();
      r.put("rank", rank++);
      r.put("score", Math.round(p.score() * 1e6) / 1e6);
      r.put("similarity", Math.round(p.similarity() * 1e4) / 1e4);
      r.put("text", p.text());
      r.put("heading", p.heading());
      r.put("document", p.documentName());
      r.put("documentId", p.documentId().toString());
      r.put("chunkId", p.chunkId().toString());
      r.put("citation", citation(p));
    }
    return results;
  }

  static String citation(KnowledgeSearch.Passage p) {
    return p.documentName() + (p.heading().isBlank() ? "" : " — " + p.heading());
  }
}
