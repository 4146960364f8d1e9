package io.switchboard.app.ui;

import io.switchboard.app.ai.KnowledgeBaseController;
import io.switchboard.ui.knowledge.KnowledgePort;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The knowledge bases page's side of {@link KnowledgeBaseController}, which holds their rules (name
 * checks, size limit, audit, background ingestion): the page calls it as the REST API does.
 */
@Service
public class UiKnowledgeAdapter implements KnowledgePort {

  private final KnowledgeBaseController kbs;
  private final long maxBytes;

  public UiKnowledgeAdapter(KnowledgeBaseController kbs, @Value("${SWITCHBOARD_KB_MAX_FILE_MB:20}") long maxMb) {
    this.kbs = kbs;
    this.maxBytes = maxMb * 1024 * 1024;
  }

  @Override
  public List<KnowledgeBase> list() {
    return Refusals.call(() -> kbs.list().stream().map(UiKnowledgeAdapter::kb).toList());
  }

  @Override
  public KnowledgeBase create(String name, String description) {
    return Refusals.call(() -> kb(kbs.create(new KnowledgeBaseController.KnowledgeBaseInput(name, description)).getBody()));
  }

  @Override
  public void delete(UUID id) {
    Refusals.run(() -> kbs.delete(id));
  }

  @Override
  public List<Document> documents(UUID knowledgeBaseId) {
    return Refusals.call(() -> kbs.documents(knowledgeBaseId).stream().map(UiKnowledgeAdapter::document).toList());
  }

  @Override
  public Document upload(UUID knowledgeBaseId, String fileName, String contentType, byte[] bytes) {
    return Refusals.checked(() -> document(kbs.uploadRaw(knowledgeBaseId, fileName, contentType,
        new ByteArrayInputStream(bytes)).getBody()));
  }

  @Override
  public void deleteDocument(UUID knowledgeBaseId, UUID documentId) {
    Refusals.run(() -> kbs.deleteDocument(knowledgeBaseId, documentId));
  }

  @Override
  public Document reindex(UUID knowledgeBaseId, UUID documentId) {
    return Refusals.call(() -> document(kbs.reindexDocument(knowledgeBaseId, documentId).getBody()));
  }

  @Override
  public long maxFileBytes() {
    return maxBytes;
  }

  private static KnowledgeBase kb(KnowledgeBaseController.KnowledgeBaseView v) {
    return new KnowledgeBase(v.id(), v.name(), v.description(), v.documents(), v.indexed(), v.failed(), v.pending());
  }

  private static Document document(KnowledgeBaseController.DocumentView d) {
    return new Document(d.id(), d.fileName(), d.sizeBytes(), d.status(), d.progress(), d.chunks(),
        Optional.ofNullable(d.errorMessage()), d.createdAt());
  }
}
