package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.tenancy.TenantId;

import java.util.List;
import java.util.UUID;

/** Searches a workspace's knowledge base; every search stays inside {@code tenant}. */
@FunctionalInterface
public interface KnowledgeSearch {

  /**
   * The {@code topK} passages most relevant to {@code query}, best first.
   *
   * @throws NodeFailure when the knowledge base does not exist in this workspace ({@code kb_not_found})
   */
  List<Passage> search(TenantId tenant, UUID knowledgeBaseId, String query, int topK) throws NodeFailure;

  /**
   * A retrieved chunk with where it came from, for citations. {@code score} ranks (fused, not
   * comparable across queries); {@code similarity} is the cosine similarity to the query (0 when
   * the passage was found by its words alone).
   */
  record Passage(UUID chunkId, UUID documentId, String documentName, String heading, int ordinal, String text, double score,
                 double similarity) {}

  KnowledgeSearch NONE = (tenant, kb, query, topK) -> {
    throw new NodeFailure("kb_unavailable", "Knowledge bases are not available on this server.", false);
  };
}
