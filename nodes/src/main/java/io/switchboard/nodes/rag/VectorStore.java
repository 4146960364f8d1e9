package io.switchboard.nodes.rag;

import io.switchboard.engine.tenancy.TenantId;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where knowledge-base chunks and their embeddings live and are searched. Every call is for one
 * tenant and one knowledge base, and the store filters by both itself.
 */
public interface VectorStore {

  /**
   * Replaces every chunk of a document at once: a reader sees the old chunks or the new ones,
   * never a mix, and a failure leaves the old ones in place.
   */
  void replaceDocument(TenantId tenant, UUID knowledgeBaseId, UUID documentId, String documentName, List<StoredChunk> chunks);

  void deleteDocument(TenantId tenant, UUID knowledgeBaseId, UUID documentId);

  /** The best matches, best first. */
  List<Match> search(TenantId tenant, UUID knowledgeBaseId, Query query);

  record StoredChunk(UUID id, int ordinal, String heading, String text, int tokens, float[] embedding) {}

  /** Hybrid fuses vector similarity and full-text rank by reciprocal rank; the others use one of them. */
  enum Mode { HYBRID, VECTOR, TEXT }

  record Query(float[] vector, String text, int topK, Mode mode) {}

  /**
   * @param score       the fused score (hybrid), the cosine similarity (vector) or the text rank score (text)
   * @param similarity  cosine similarity to the query, when the chunk was among the vector candidates
   */
  record Match(UUID chunkId, UUID documentId, String documentName, String heading, int ordinal, String text, double score,
               Optional<Double> similarity) {}
}
