package io.switchboard.ui.knowledge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Knowledge bases: create, add files (indexed in the background), follow each document's status and chunks, re-index one, delete. */
public interface KnowledgePort {

  List<KnowledgeBase> list();

  KnowledgeBase create(String name, String description);

  void delete(UUID id);

  List<Document> documents(UUID knowledgeBaseId);

  Document upload(UUID knowledgeBaseId, String fileName, String contentType, byte[] bytes);

  void deleteDocument(UUID knowledgeBaseId, UUID documentId);

  /** Indexes one document again in the background; its current chunks stay in use until then, and if it fails. */
  Document reindex(UUID knowledgeBaseId, UUID documentId);

  /** The largest file {@link #upload} accepts. */
  long maxFileBytes();

  record KnowledgeBase(UUID id, String name, String description, int documents, int indexed, int failed, int pending) {}

  record Document(UUID id, String fileName, long sizeBytes, String status, int progress, int chunks,
                  Optional<String> error, Instant createdAt) {}
}
