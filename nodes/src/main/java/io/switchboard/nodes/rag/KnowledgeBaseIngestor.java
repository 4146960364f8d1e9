package io.switchboard.nodes.rag;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Indexes uploaded documents in the background: extract, chunk, embed, store, with progress on
 * the document row. The file stays in the database until then, so documents a restart interrupted
 * are picked up again ({@link #resumePending}). A file that cannot be read is marked failed with
 * its reason; chunks are replaced in one transaction, so a failure never damages what was indexed.
 */
public final class KnowledgeBaseIngestor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KnowledgeBaseIngestor.class);
  private static final int EMBED_BATCH = 32;

  private final TenantDatabase db;
  private final KnowledgeBases knowledgeBases;
  private final VectorStore store;
  private final DocumentExtractor extractor;
  private final Chunker chunker;
  private final Embedder embedder;
  private final ExecutorService workers;
  private final AtomicInteger inFlight = new AtomicInteger();

  public KnowledgeBaseIngestor(TenantDatabase db, KnowledgeBases knowledgeBases, VectorStore store, DocumentExtractor extractor,
                               Chunker chunker, Embedder embedder, int threads) {
    this.db = db;
    this.knowledgeBases = knowledgeBases;
    this.store = store;
    this.extractor = extractor;
    this.chunker = chunker;
    this.embedder = embedder;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "kb-ingest-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues a document for ingestion on a background thread. */
  public void submit(TenantId tenant, UUID documentId) {
    inFlight.incrementAndGet();
    workers.execute(() -> {
      try {
        ingest(tenant, documentId);
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  /** Queues every document left queued or half-done, of all tenants; returns how many. */
  public int resumePending() {
    List<KnowledgeBases.Pending> pending = knowledgeBases.pending(10_000);
    pending.forEach(p -> submit(p.tenant(), p.documentId()));
    if (!pending.isEmpty()) {
      log.info("resuming the ingestion of {} knowledge-base documents", pending.size());
    }
    return pending.size();
  }

  /**
   * Re-indexes a knowledge base whose chunks were embedded by another model than the current one
   * (vectors of two models cannot be compared): its documents are queued again and ingested in the
   * background, each replacing its old chunks when done. Returns how many were queued.
   */
  public int reindexIfModelChanged(TenantId tenant, UUID knowledgeBaseId) {
    KnowledgeBases.KnowledgeBase kb = knowledgeBases.find(tenant, knowledgeBaseId).orElse(null);
    if (kb == null || kb.embeddingModel().equals(embedder.modelId())) {
      return 0;
    }
    log.info("knowledge base {} was embedded with {}; re-indexing it with {}", knowledgeBaseId, kb.embeddingModel(),
        embedder.modelId());
    knowledgeBases.requeueAll(tenant, knowledgeBaseId, embedder.modelId());
    List<KnowledgeBases.Document> queued = knowledgeBases.documents(tenant, knowledgeBaseId).stream()
        .filter(d -> d.status().equals("queued")).toList();
    queued.forEach(d -> submit(tenant, d.id()));
    return queued.size();
  }

  /**
   * Re-indexes one document in the background from its stored file (its chunks stay in use until
   * the new ones replace them; a failure leaves them and says why). {@code QUEUED} when started.
   */
  public KnowledgeBases.Requeued reindex(TenantId tenant, UUID documentId) {
    KnowledgeBases.Requeued result = knowledgeBases.requeueDocument(tenant, documentId);
    if (result == KnowledgeBases.Requeued.QUEUED) {
      submit(tenant, documentId);
    }
    return result;
  }

  /** Indexes one document now, on this thread. */
  public void ingest(TenantId tenant, UUID documentId) {
    KnowledgeBases.Claimed doc = knowledgeBases.claim(tenant, documentId).orElse(null);
    if (doc == null) {
      return;
    }
    try {
      DocumentExtractor.Extracted extracted = extractor.extract(doc.fileName(), doc.content());
      knowledgeBases.progress(tenant, documentId, 10);
      List<Chunker.Chunk> chunks = chunker.chunk(extracted.sections());
      List<VectorStore.StoredChunk> stored = new ArrayList<>(chunks.size());
      for (int i = 0; i < chunks.size(); i += EMBED_BATCH) {
        List<Chunker.Chunk> batch = chunks.subList(i, Math.min(chunks.size(), i + EMBED_BATCH));
        // The heading goes into the embedded text: a passage is found by what it is about, too.
        List<float[]> vectors = embedder.embed(batch.stream()
            .map(c -> c.heading().isBlank() ? c.text() : c.heading() + "\n" + c.text()).toList());
        for (int j = 0; j < batch.size(); j++) {
          Chunker.Chunk c = batch.get(j);
          stored.add(new VectorStore.StoredChunk(UUID.randomUUID(), c.ordinal(), c.heading(), c.text(), c.tokens(), vectors.get(j)));
        }
        knowledgeBases.progress(tenant, documentId, 10 + (int) (85L * (i + batch.size()) / chunks.size()));
      }
      db.runInTenant(tenant, tx -> {
        store.replaceDocument(tenant, doc.knowledgeBaseId(), documentId, doc.fileName(), stored);
        knowledgeBases.markIndexed(tenant, documentId, extracted.pages(), stored.size(), embedder.modelId());
      });
      log.info("indexed document {} ({} pages, {} chunks)", documentId, extracted.pages(), stored.size());
    } catch (Refused refused) {
      failed(tenant, doc, refused.code(), refused.getMessage());
    } catch (RuntimeException e) {
      log.warn("ingestion of document {} failed", documentId, e);
      failed(tenant, doc, "ingestion_failed",
          doc.fileName() + " could not be indexed because of an internal error; upload it again or contact support.");
    }
  }

  // A document whose earlier chunks came from another embedding model loses them with the failure:
  // they would be searched with vectors they cannot be compared with. The failure is recorded first,
  // so a vector store that cannot be reached (often why the re-index failed) leaves no document
  // stuck in 'processing'.
  private void failed(TenantId tenant, KnowledgeBases.Claimed doc, String code, String message) {
    if (!knowledgeBases.markFailed(tenant, doc.id(), code, message)) {
      return;
    }
    try {
      store.deleteDocument(tenant, doc.knowledgeBaseId(), doc.id());
    } catch (RuntimeException e) {
      log.warn("could not remove the outdated chunks of document {}; they stay searchable until it is indexed again",
          doc.id(), e);
    }
  }

  /** Waits until nothing is being ingested (tests, shutdown). */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
