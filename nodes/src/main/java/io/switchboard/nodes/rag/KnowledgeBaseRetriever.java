package io.switchboard.nodes.rag;

import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.KnowledgeSearch;

import java.util.List;
import java.util.UUID;

/** Knowledge-base search for the AI steps: the query embedded in-process, hybrid retrieval in the store. */
public final class KnowledgeBaseRetriever implements KnowledgeSearch {

  private final KnowledgeBases knowledgeBases;
  private final VectorStore store;
  private final Embedder embedder;

  public KnowledgeBaseRetriever(KnowledgeBases knowledgeBases, VectorStore store, Embedder embedder) {
    this.knowledgeBases = knowledgeBases;
    this.store = store;
    this.embedder = embedder;
  }

  @Override
  public List<Passage> search(TenantId tenant, UUID knowledgeBaseId, String query, int topK) throws NodeFailure {
    return search(tenant, knowledgeBaseId, query, topK, VectorStore.Mode.HYBRID);
  }

  public List<Passage> search(TenantId tenant, UUID knowledgeBaseId, String query, int topK, VectorStore.Mode mode)
      throws NodeFailure {
    if (knowledgeBases.find(tenant, knowledgeBaseId).isEmpty()) {
      throw new NodeFailure("kb_not_found", "The knowledge base " + knowledgeBaseId + " does not exist in this workspace "
          + "(it may have been deleted); choose another one.", false);
    }
    float[] vector = mode == VectorStore.Mode.TEXT ? null : embedder.embed(query);
    return store.search(tenant, knowledgeBaseId, new VectorStore.Query(vector, query, topK, mode)).stream()
        .map(m -> new Passage(m.chunkId(), m.documentId(), m.documentName(), m.heading(), m.ordinal(), m.text(), m.score(),
            m.similarity().orElse(0d)))
        .toList();
  }
}
