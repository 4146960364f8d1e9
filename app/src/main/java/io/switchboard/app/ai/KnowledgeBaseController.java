package io.switchboard.app.ai;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.nodes.ai.KnowledgeSearch;
import io.switchboard.nodes.rag.DocumentDownloader;
import io.switchboard.nodes.rag.Embedder;
import io.switchboard.nodes.rag.KnowledgeBaseIngestor;
import io.switchboard.nodes.rag.KnowledgeBaseRetriever;
import io.switchboard.nodes.rag.KnowledgeBases;
import io.switchboard.nodes.rag.VectorStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Knowledge bases: create, list, delete; upload files (multipart {@code file}, or the raw bytes
 * with {@code ?fileName=}) or a document by URL, which are indexed in the background; each file's status and progress,
 * or why it was refused; and a search, to try a knowledge base out.
 */
@RestController
@RequestMapping("/api/v1/knowledge-bases")
public class KnowledgeBaseController {

  private final KnowledgeBases kbs;
  private final KnowledgeBaseIngestor ingestor;
  private final KnowledgeBaseRetriever retriever;
  private final VectorStore store;
  private final Embedder embedder;
  private final TenantDatabase db;
  private final AuditLog audit;
  private final long maxBytes;
  private final DocumentDownloader downloader;

  private final io.switchboard.app.plans.PlanCatalog plans;

  public KnowledgeBaseController(KnowledgeBases kbs, KnowledgeBaseIngestor ingestor, KnowledgeBaseRetriever retriever,
                                 VectorStore store, Embedder embedder, TenantDatabase db, AuditLog audit,
                                 DocumentDownloader downloader, io.switchboard.app.plans.PlanCatalog plans,
                                 @Value("${SWITCHBOARD_KB_MAX_FILE_MB:20}") long maxMb) {
    this.plans = plans;
    this.downloader = downloader;
    this.kbs = kbs;
    this.ingestor = ingestor;
    this.retriever = retriever;
    this.store = store;
    this.embedder = embedder;
    this.db = db;
    this.audit = audit;
    this.maxBytes = maxMb * 1024 * 1024;
  }

  public record KnowledgeBaseInput(String name, String description) {}

  public record KnowledgeBaseView(UUID id, String name, String description, String embeddingModel, int documents,
                                  int indexed, int failed, int pending, Instant createdAt) {}

  public record DocumentView(UUID id, UUID knowledgeBaseId, String fileName, String contentType, long sizeBytes, String status,
                             int progress, String errorCode, String errorMessage, Integer pages, int chunks, int attempts,
                             Instant createdAt, Instant indexedAt) {}

  public record SearchInput(String query, Integer topK, String mode) {}

  public record UrlInput(String url) {}

  public record SearchResult(int rank, double score, double similarity, String text, String heading, String document,
                             UUID documentId, UUID chunkId) {}

  @GetMapping
  public List<KnowledgeBaseView> list() {
    SwitchboardUser user = CurrentUser.require();
    return kbs.list(user.tenantId()).stream().map(kb -> view(user, kb)).toList();
  }

  @PostMapping
  public ResponseEntity<KnowledgeBaseView> create(@RequestBody KnowledgeBaseInput input) {
    SwitchboardUser user = CurrentUser.require();
    if (input == null || input.name() == null || input.name().isBlank() || input.name().strip().length() > 200) {
      throw ApiException.badRequest("invalid_name", "A knowledge base needs a name of 1 to 200 characters.");
    }
    try {
      KnowledgeBases.KnowledgeBase kb = kbs.create(user.tenantId(), input.name(), input.description(), embedder.modelId());
      db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "knowledge_base.created", "knowledge_base", kb.id().toString(),
          Map.of("name", kb.name())));
      return ResponseEntity.status(HttpStatus.CREATED).body(view(user, kb));
    } catch (KnowledgeBases.NameTaken e) {
      throw new ApiException(HttpStatus.CONFLICT, "name_taken", e.getMessage());
    }
  }

  @GetMapping("/{id}")
  public KnowledgeBaseView get(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    return view(user, require(user, id));
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> delete(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "delete knowledge bases");
    KnowledgeBases.KnowledgeBase kb = require(user, id);
    db.runInTenant(user.tenantId(), tx -> {
      kbs.delete(user.tenantId(), id);
      audit.record(tx, user, "knowledge_base.deleted", "knowledge_base", id.toString(), Map.of("name", kb.name()));
    });
    return ResponseEntity.noContent().build();
  }

  /** Multipart upload: the {@code file} part. */
  @PostMapping(path = "/{id}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<DocumentView> upload(@PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
    SwitchboardUser user = CurrentUser.require();
    require(user, id);
    if (file.getSize() > maxBytes) {
      throw tooLarge(file.getOriginalFilename(), file.getSize());
    }
    return accept(user, id, file.getOriginalFilename(), file.getContentType(), file.getBytes());
  }

  /** Raw upload: the file's bytes as the body, its name in {@code ?fileName=}. */
  @PostMapping(path = "/{id}/documents", consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.APPLICATION_PDF_VALUE,
      MediaType.TEXT_PLAIN_VALUE, MediaType.TEXT_HTML_VALUE, MediaType.TEXT_MARKDOWN_VALUE,
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
  public ResponseEntity<DocumentView> uploadRaw(@PathVariable UUID id, @RequestParam("fileName") String fileName,
                                                @RequestHeader(name = "Content-Type", required = false) String contentType,
                                                InputStream body) throws IOException {
    SwitchboardUser user = CurrentUser.require();
    require(user, id);
    byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      throw tooLarge(fileName, bytes.length);
    }
    return accept(user, id, fileName, contentType, bytes);
  }

  /**
   * A document fetched from a URL (through the SSRF guard, size-limited, its type sniffed): {@code 202} with the queued
   * document; or {@code 422} with the reason, the failed document staying in the list with it.
   */
  @PostMapping(path = "/{id}/documents/url", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<DocumentView> uploadUrl(@PathVariable UUID id, @RequestBody UrlInput input) {
    SwitchboardUser user = CurrentUser.require();
    require(user, id);
    if (input == null || input.url() == null || input.url().isBlank() || input.url().strip().length() > 2000) {
      throw ApiException.badRequest("url_invalid", "Give the web address of the document (at most 2,000 characters).");
    }
    String url = input.url().strip();
    DocumentDownloader.Downloaded fetched;
    try {
      fetched = downloader.download(url);
    } catch (io.switchboard.nodes.rag.Refused refused) {
      String name = DocumentDownloader.displayName(url);
      KnowledgeBases.Document failed = kbs.addFailedDocument(user.tenantId(), id, name, refused.code(), refused.getMessage());
      db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "knowledge_base.url_refused", "knowledge_base",
          id.toString(), Map.of("document", failed.id().toString(), "url", name, "code", refused.code())));
      throw new ApiException(HttpStatus.valueOf(422), refused.code(), refused.getMessage());
    }
    return accept(user, id, fetched.fileName(), fetched.contentType(), fetched.bytes());
  }

  private ResponseEntity<DocumentView> accept(SwitchboardUser user, UUID kb, String fileName, String contentType, byte[] bytes) {
    String name = fileName == null || fileName.isBlank() ? "upload" : fileName.replaceAll(".*[/\\\\]", "").strip();
    if (name.length() > 255) {
      throw ApiException.badRequest("invalid_file_name", "The file name is longer than 255 characters.");
    }
    knowledgeLimit(user, bytes.length);
    KnowledgeBases.Document doc = kbs.addDocument(user.tenantId(), kb, name, contentType, bytes);
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "knowledge_base.document_added", "knowledge_base",
        kb.toString(), Map.of("document", doc.id().toString(), "fileName", name)));
    ingestor.submit(user.tenantId(), doc.id());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(doc));
  }

  public static final String KB_MB = "kb_mb";

  /** The plan's room for knowledge (all the workspace's documents as uploaded). */
  private void knowledgeLimit(SwitchboardUser user, long adding) {
    io.switchboard.app.plans.PlanCatalog.Plan plan = plans.workspace(user.tenantId()).plan();
    java.util.Optional<Long> mb = plan.limit(KB_MB);
    if (mb.isEmpty()) {
      return;
    }
    long stored = db.inTenant(user.tenantId(), tx -> tx.select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.sum(
        io.switchboard.schema.jooq.Tables.KB_DOCUMENTS.SIZE_BYTES), java.math.BigDecimal.ZERO))
        .from(io.switchboard.schema.jooq.Tables.KB_DOCUMENTS).fetchOne(0, Long.class));
    if (stored + adding > mb.get() * 1024 * 1024) {
      throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "plan_limit", "Your " + plan.name() + " plan holds " + mb.get()
          + " MB of knowledge and " + (stored / (1024 * 1024)) + " MB are used; this file does not fit. Delete documents, "
          + "or upgrade the plan.");
    }
  }

  private ApiException tooLarge(String name, long size) {
    return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "file_too_large", (name == null ? "The file" : name) + " is "
        + (size / (1024 * 1024)) + " MB or more; files of at most " + (maxBytes / (1024 * 1024)) + " MB can be added.");
  }

  @GetMapping("/{id}/documents")
  public List<DocumentView> documents(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    require(user, id);
    return kbs.documents(user.tenantId(), id).stream().map(KnowledgeBaseController::view).toList();
  }

  @GetMapping("/{id}/documents/{documentId}")
  public DocumentView document(@PathVariable UUID id, @PathVariable UUID documentId) {
    SwitchboardUser user = CurrentUser.require();
    return kbs.document(user.tenantId(), documentId).filter(d -> d.knowledgeBaseId().equals(id))
        .map(KnowledgeBaseController::view).orElseThrow(() -> ApiException.notFound("document"));
  }

  @DeleteMapping("/{id}/documents/{documentId}")
  public ResponseEntity<Void> deleteDocument(@PathVariable UUID id, @PathVariable UUID documentId) {
    SwitchboardUser user = CurrentUser.require();
    KnowledgeBases.Document doc = kbs.document(user.tenantId(), documentId).filter(d -> d.knowledgeBaseId().equals(id))
        .orElseThrow(() -> ApiException.notFound("document"));
    db.runInTenant(user.tenantId(), tx -> {
      store.deleteDocument(user.tenantId(), id, documentId);
      kbs.deleteDocument(user.tenantId(), documentId);
      audit.record(tx, user, "knowledge_base.document_deleted", "knowledge_base", id.toString(),
          Map.of("document", documentId.toString(), "fileName", doc.fileName()));
    });
    return ResponseEntity.noContent().build();
  }

  /**
   * Extracts, chunks and embeds one document again in the background ({@code 202} with it queued);
   * its current chunks answer searches until the new ones replace them, and stay if it fails.
   */
  @PostMapping("/{id}/documents/{documentId}/reindex")
  public ResponseEntity<DocumentView> reindexDocument(@PathVariable UUID id, @PathVariable UUID documentId) {
    SwitchboardUser user = CurrentUser.require();
    KnowledgeBases.Document doc = kbs.document(user.tenantId(), documentId).filter(d -> d.knowledgeBaseId().equals(id))
        .orElseThrow(() -> ApiException.notFound("document"));
    switch (ingestor.reindex(user.tenantId(), documentId)) {
      case BUSY -> throw new ApiException(HttpStatus.CONFLICT, "document_busy", doc.fileName()
          + " is being indexed right now; wait until it is done, then re-index it.");
      case NO_FILE -> throw new ApiException(HttpStatus.CONFLICT, "document_has_no_file", doc.fileName()
          + " was never downloaded, so there is nothing to re-index; add it again.");
      case NOT_FOUND -> throw ApiException.notFound("document");
      case QUEUED -> { }
    }
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "knowledge_base.document_reindexed", "knowledge_base",
        id.toString(), Map.of("document", documentId.toString(), "fileName", doc.fileName())));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(kbs.document(user.tenantId(), documentId)
        .map(KnowledgeBaseController::view).orElseThrow(() -> ApiException.notFound("document")));
  }

  @PostMapping("/{id}/search")
  public List<SearchResult> search(@PathVariable UUID id, @RequestBody SearchInput input) {
    SwitchboardUser user = CurrentUser.require();
    require(user, id);
    if (input == null || input.query() == null || input.query().isBlank()) {
      throw ApiException.badRequest("invalid_query", "Say what to search for.");
    }
    int topK = input.topK() == null ? 5 : input.topK();
    if (topK < 1 || topK > 20) {
      throw ApiException.badRequest("invalid_top_k", "topK must be between 1 and 20.");
    }
    VectorStore.Mode mode;
    try {
      mode = input.mode() == null ? VectorStore.Mode.HYBRID : VectorStore.Mode.valueOf(input.mode().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_mode", "mode is hybrid, vector or text.");
    }
    try {
      List<KnowledgeSearch.Passage> passages = retriever.search(user.tenantId(), id, input.query().strip(), topK, mode);
      java.util.concurrent.atomic.AtomicInteger rank = new java.util.concurrent.atomic.AtomicInteger();
      return passages.stream().map(p -> new SearchResult(rank.incrementAndGet(), p.score(), p.similarity(), p.text(), p.heading(),
          p.documentName(), p.documentId(), p.chunkId())).toList();
    } catch (NodeFailure e) {
      throw ApiException.notFound("knowledge base");
    }
  }

  // Opening a knowledge base embedded by an older model starts its re-indexing.
  private KnowledgeBases.KnowledgeBase require(SwitchboardUser user, UUID id) {
    KnowledgeBases.KnowledgeBase kb = kbs.find(user.tenantId(), id).orElseThrow(() -> ApiException.notFound("knowledge base"));
    if (ingestor.reindexIfModelChanged(user.tenantId(), id) > 0) {
      return kbs.find(user.tenantId(), id).orElse(kb);
    }
    return kb;
  }

  private KnowledgeBaseView view(SwitchboardUser user, KnowledgeBases.KnowledgeBase kb) {
    List<KnowledgeBases.Document> docs = kbs.documents(user.tenantId(), kb.id());
    int indexed = (int) docs.stream().filter(d -> d.status().equals("indexed")).count();
    int failed = (int) docs.stream().filter(d -> d.status().equals("failed")).count();
    return new KnowledgeBaseView(kb.id(), kb.name(), kb.description(), kb.embeddingModel(), docs.size(), indexed, failed,
        docs.size() - indexed - failed, kb.createdAt().toInstant());
  }

  private static DocumentView view(KnowledgeBases.Document d) {
    return new DocumentView(d.id(), d.knowledgeBaseId(), d.fileName(), d.contentType(), d.sizeBytes(), d.status(), d.progress(),
        d.errorCode().orElse(null), d.errorMessage().orElse(null), d.pages().orElse(null), d.chunkCount(), d.attempts(),
        d.createdAt().toInstant(), d.indexedAt().map(OffsetDateTime::toInstant).orElse(null));
  }
}
