package io.switchboard.nodes.rag;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.Record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A workspace's knowledge bases and their documents in PostgreSQL, always inside the tenant's scope. */
public final class KnowledgeBases {

  public record KnowledgeBase(UUID id, String name, String description, String embeddingModel, long revision,
                              OffsetDateTime createdAt) {}

  /** A document and where its ingestion stands; {@code errorCode}/{@code errorMessage} say why it failed. */
  public record Document(UUID id, UUID knowledgeBaseId, String fileName, String contentType, long sizeBytes, String status,
                         int progress, Optional<String> errorCode, Optional<String> errorMessage, Optional<Integer> pages,
                         int chunkCount, int attempts, OffsetDateTime createdAt, Optional<OffsetDateTime> indexedAt) {}

  /** A document claimed for ingestion, with its file. */
  public record Claimed(UUID id, UUID knowledgeBaseId, String fileName, byte[] content) {}

  /** A name already used by another knowledge base of the workspace. */
  public static final class NameTaken extends Exception {
    public NameTaken(String name) {
      super("A knowledge base called \"" + name + "\" already exists.");
    }
  }

  private final TenantDatabase db;

  public KnowledgeBases(TenantDatabase db) {
    this.db = db;
  }

  public KnowledgeBase create(TenantId tenant, String name, String description, String embeddingModel) throws NameTaken {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > 200) {
      throw new IllegalArgumentException("A knowledge base needs a name of 1 to 200 characters.");
    }
    UUID id = UUID.randomUUID();
    boolean taken = db.inTenant(tenant, tx -> tx.fetchExists(tx.selectOne().from("knowledge_bases")
        .where("tenant_id = ? AND lower(name) = lower(?)", tenant.value(), clean)));
    if (taken) {
      throw new NameTaken(clean);
    }
    db.runInTenant(tenant, tx -> tx.execute("INSERT INTO knowledge_bases (tenant_id, id, name, description, embedding_model) "
        + "VALUES (?, ?, ?, ?, ?)", tenant.value(), id, clean, description == null ? "" : description.strip(), embeddingModel));
    return find(tenant, id).orElseThrow();
  }

  public List<KnowledgeBase> list(TenantId tenant) {
    return db.inTenant(tenant, tx -> tx.fetch("SELECT * FROM knowledge_bases WHERE tenant_id = ? ORDER BY lower(name)",
        tenant.value()).map(KnowledgeBases::knowledgeBase));
  }

  public Optional<KnowledgeBase> find(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> tx.fetchOptional("SELECT * FROM knowledge_bases WHERE tenant_id = ? AND id = ?",
        tenant.value(), id).map(KnowledgeBases::knowledgeBase));
  }

  public boolean delete(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> tx.execute("DELETE FROM knowledge_bases WHERE tenant_id = ? AND id = ?", tenant.value(), id)) > 0;
  }

  /** Records an uploaded file, queued for ingestion. */
  public Document addDocument(TenantId tenant, UUID knowledgeBaseId, String fileName, String contentType, byte[] content) {
    UUID id = UUID.randomUUID();
    db.runInTenant(tenant, tx -> tx.execute("INSERT INTO kb_documents (tenant_id, id, knowledge_base_id, file_name, content_type, "
            + "size_bytes, sha256, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tenant.value(), id, knowledgeBaseId,
        fileName, contentType == null ? "" : contentType, (long) content.length, sha256(content), content));
    return document(tenant, id).orElseThrow();
  }

  /** Records a document that could not be added (a URL that could not be downloaded), failed with its reason. */
  public Document addFailedDocument(TenantId tenant, UUID knowledgeBaseId, String fileName, String code, String message) {
    UUID id = UUID.randomUUID();
    byte[] nothing = new byte[0];
    db.runInTenant(tenant, tx -> tx.execute("INSERT INTO kb_documents (tenant_id, id, knowledge_base_id, file_name, size_bytes, sha256, "
            + "content, status, error_code, error_message) VALUES (?, ?, ?, ?, 0, ?, ?, 'failed', ?, ?)", tenant.value(), id,
        knowledgeBaseId, fileName, sha256(nothing), nothing, code, message));
    return document(tenant, id).orElseThrow();
  }

  public List<Document> documents(TenantId tenant, UUID knowledgeBaseId) {
    return db.inTenant(tenant, tx -> tx.fetch("SELECT " + DOCUMENT_COLUMNS + " FROM kb_documents WHERE tenant_id = ? "
        + "AND knowledge_base_id = ? ORDER BY created_at, id", tenant.value(), knowledgeBaseId).map(KnowledgeBases::document));
  }

  public Optional<Document> document(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> tx.fetchOptional("SELECT " + DOCUMENT_COLUMNS + " FROM kb_documents WHERE tenant_id = ? "
        + "AND id = ?", tenant.value(), id).map(KnowledgeBases::document));
  }

  public boolean deleteDocument(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> tx.execute("DELETE FROM kb_documents WHERE tenant_id = ? AND id = ?", tenant.value(), id)) > 0;
  }

  /** Takes a queued (or interrupted) document for ingestion; empty when another worker has it or it is done. */
  public Optional<Claimed> claim(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> tx.fetchOptional("""
        UPDATE kb_documents SET status = 'processing', progress = 0, attempts = attempts + 1, updated_at = now()
         WHERE tenant_id = ? AND id = ? AND id IN (SELECT id FROM kb_documents WHERE tenant_id = ? AND id = ?
                                                     AND status IN ('queued', 'processing') FOR UPDATE SKIP LOCKED)
        RETURNING id, knowledge_base_id, file_name, content""", tenant.value(), id, tenant.value(), id)
        .map(r -> new Claimed(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, String.class), r.get(3, byte[].class))));
  }

  public void progress(TenantId tenant, UUID id, int percent) {
    db.runInTenant(tenant, tx -> tx.execute("UPDATE kb_documents SET progress = ?, updated_at = now() WHERE tenant_id = ? AND id = ? "
        + "AND status = 'processing'", Math.max(0, Math.min(99, percent)), tenant.value(), id));
  }

  /** Marks it indexed; called in the transaction that stored its chunks. */
  public void markIndexed(TenantId tenant, UUID id, int pages, int chunks, String embeddingModel) {
    db.runInTenant(tenant, tx -> tx.execute("UPDATE kb_documents SET status = 'indexed', progress = 100, pages = ?, chunk_count = ?, "
        + "embedding_model = ?, error_code = NULL, error_message = NULL, indexed_at = now(), updated_at = now() "
        + "WHERE tenant_id = ? AND id = ?", pages, chunks, embeddingModel, tenant.value(), id));
  }

  /**
   * Marks an ingestion failed with its reason. A document indexed before (a re-index that failed)
   * stays indexed on its earlier chunks, which were never touched, with the reason beside it, as
   * long as they came from the knowledge base's current embedding model. Chunks of an earlier model
   * cannot be compared with today's questions: the document is then failed, counted without chunks,
   * and {@code true} says its chunks must be removed from the vector store.
   */
  public boolean markFailed(TenantId tenant, UUID id, String code, String message) {
    return db.inTenant(tenant, tx -> tx.fetchOptional("""
        WITH doc AS (
          SELECT d.id,
                 d.indexed_at IS NOT NULL AND d.chunk_count > 0 AS had_index,
                 d.embedding_model IS NOT DISTINCT FROM kb.embedding_model AS same_model
            FROM kb_documents d
            JOIN knowledge_bases kb ON kb.tenant_id = d.tenant_id AND kb.id = d.knowledge_base_id
           WHERE d.tenant_id = ? AND d.id = ?)
        UPDATE kb_documents d SET
          status = CASE WHEN doc.had_index AND doc.same_model THEN 'indexed' ELSE 'failed' END,
          progress = CASE WHEN doc.had_index AND doc.same_model THEN 100 ELSE d.progress END,
          chunk_count = CASE WHEN doc.had_index AND NOT doc.same_model THEN 0 ELSE d.chunk_count END,
          indexed_at = CASE WHEN doc.had_index AND NOT doc.same_model THEN NULL ELSE d.indexed_at END,
          error_code = ?,
          error_message = CASE
            WHEN doc.had_index AND doc.same_model THEN 'Re-indexing failed, so the earlier index is still used: ' || ?
            WHEN doc.had_index THEN 'It could not be indexed again for the current search model, and its earlier index '
                                    || 'does not work with that model, so it is no longer searched: ' || ?
            ELSE ? END,
          updated_at = now()
          FROM doc
         WHERE d.tenant_id = ? AND d.id = doc.id
        RETURNING doc.had_index AND NOT doc.same_model""", tenant.value(), id, code, message, message, message, tenant.value())
        .map(r -> r.get(0, Boolean.class)).orElse(false));
  }

  /** What asking to re-index one document came to. */
  public enum Requeued { QUEUED, BUSY, NO_FILE, NOT_FOUND }

  /**
   * Queues one indexed (or failed) document to be extracted, chunked and embedded again from its
   * stored file; its chunks stay searchable until the new ones replace them in one transaction.
   */
  public Requeued requeueDocument(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> {
      var row = tx.fetchOptional("SELECT status, size_bytes FROM kb_documents WHERE tenant_id = ? AND id = ? FOR UPDATE",
          tenant.value(), id);
      if (row.isEmpty()) {
        return Requeued.NOT_FOUND;
      }
      String status = row.get().get(0, String.class);
      if (status.equals("queued") || status.equals("processing")) {
        return Requeued.BUSY;
      }
      if (row.get().get(1, Long.class) == 0) {
        return Requeued.NO_FILE;
      }
      tx.execute("UPDATE kb_documents SET status = 'queued', progress = 0, attempts = 0, error_code = NULL, "
          + "error_message = NULL, updated_at = now() WHERE tenant_id = ? AND id = ?", tenant.value(), id);
      return Requeued.QUEUED;
    });
  }

  /** Queues every document of the knowledge base again (after the embedding model changed). */
  public int requeueAll(TenantId tenant, UUID knowledgeBaseId, String embeddingModel) {
    return db.inTenant(tenant, tx -> {
      tx.execute("UPDATE knowledge_bases SET embedding_model = ?, updated_at = now() WHERE tenant_id = ? AND id = ?",
          embeddingModel, tenant.value(), knowledgeBaseId);
      return tx.execute("UPDATE kb_documents SET status = 'queued', progress = 0, attempts = 0, updated_at = now() "
          + "WHERE tenant_id = ? AND knowledge_base_id = ? AND status <> 'failed'", tenant.value(), knowledgeBaseId);
    });
  }

  /** Documents of every tenant left queued or half-done (by a restart), oldest first. */
  public List<Pending> pending(int limit) {
    return db.platform(tx -> tx.fetch("SELECT tenant_id, id FROM pending_kb_documents(?)", limit)
        .map(r -> new Pending(new TenantId(r.get(0, UUID.class)), r.get(1, UUID.class))));
  }

  public record Pending(TenantId tenant, UUID documentId) {}

  private static final String DOCUMENT_COLUMNS = "id, knowledge_base_id, file_name, content_type, size_bytes, status, progress, "
      + "error_code, error_message, pages, chunk_count, attempts, created_at, indexed_at";

  private static KnowledgeBase knowledgeBase(Record r) {
    return new KnowledgeBase(r.get("id", UUID.class), r.get("name", String.class), r.get("description", String.class),
        r.get("embedding_model", String.class), r.get("revision", Long.class), r.get("created_at", OffsetDateTime.class));
  }

  private static Document document(Record r) {
    return new Document(r.get("id", UUID.class), r.get("knowledge_base_id", UUID.class), r.get("file_name", String.class),
        r.get("content_type", String.class), r.get("size_bytes", Long.class), r.get("status", String.class),
        r.get("progress", Integer.class), Optional.ofNullable(r.get("error_code", String.class)),
        Optional.ofNullable(r.get("error_message", String.class)), Optional.ofNullable(r.get("pages", Integer.class)),
        r.get("chunk_count", Integer.class), r.get("attempts", Integer.class), r.get("created_at", OffsetDateTime.class),
        Optional.ofNullable(r.get("indexed_at", OffsetDateTime.class)));
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
