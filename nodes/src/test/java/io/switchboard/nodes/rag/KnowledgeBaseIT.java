package io.switchboard.nodes.rag;

import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.KnowledgeSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Knowledge bases on a real PostgreSQL as the application role (row-level security on): upload,
 * background ingestion with progress and per-file refusals, resumption after a restart, hybrid
 * retrieval with citations, and tenant isolation of chunks.
 */
class KnowledgeBaseIT {

  static AppRoleDatabase database;
  static TenantDatabase db;
  static final Embedder embedder = new MiniLmEmbedder();
  static KnowledgeBases kbs;
  static PostgresVectorStore store;
  static KnowledgeBaseRetriever retriever;

  static final String CLINIC = """
      # Opening hours
      The Acme Dental clinic is open Monday to Friday from 8 am to 6 pm, and on Saturday mornings from 9 am to noon.
      We are closed on Sundays and public holidays.
      # Prices
      A routine cleaning costs 90 dollars and takes about 45 minutes. Teeth whitening costs 200 dollars.
      X-rays are included with every first visit.
      # Parking
      Free parking is available behind the building; enter from Elm Street. Bicycle racks are by the main door.
      # Cancellations
      Please cancel at least 24 hours before your appointment, otherwise a fee of 30 dollars is charged.
      """;

  @BeforeAll
  static void start() {
    database = AppRoleDatabase.start();
    db = database.db;
    kbs = new KnowledgeBases(db);
    store = new PostgresVectorStore(db, 1_000_000);
    retriever = new KnowledgeBaseRetriever(kbs, store, embedder);
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  static TenantId tenant(String name) {
    return database.tenant(name);
  }

  static KnowledgeBaseIngestor ingestor() {
    return new KnowledgeBaseIngestor(db, kbs, store, new DocumentExtractor(2 * 1024 * 1024), Chunker.defaults(), embedder, 2);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldIngestInTheBackgroundAndAnswerWithCitations() throws Exception {
    TenantId tenant = tenant("Acme Dental");
    KnowledgeBases.KnowledgeBase kb = kbs.create(tenant, "Clinic FAQ", "", embedder.modelId());
    try (KnowledgeBaseIngestor ingestor = ingestor()) {
      var md = kbs.addDocument(tenant, kb.id(), "clinic.md", "text/markdown", utf8(CLINIC));
      var pdf = kbs.addDocument(tenant, kb.id(), "insurance.pdf", "application/pdf", TestDocuments.pdf(List.of(
          "We accept Delta Dental, Cigna and Aetna insurance plans. Bring your insurance card to every visit.",
          "Payment plans are available for treatments over 500 dollars, in up to 12 monthly instalments."), null));
      var docx = kbs.addDocument(tenant, kb.id(), "team.docx", "", TestDocuments.docx(List.of("Our dentists"),
          List.of("Dr. Maria Lopez has 15 years of experience in pediatric dentistry and speaks Spanish.")));
      var encrypted = kbs.addDocument(tenant, kb.id(), "secret.pdf", "application/pdf", TestDocuments.pdf(List.of("x"), "pw"));
      var disguised = kbs.addDocument(tenant, kb.id(), "holiday.pdf", "application/pdf", TestDocuments.png());
      for (var d : List.of(md, pdf, docx, encrypted, disguised)) {
        assertThat(d.status()).isEqualTo("queued");
        ingestor.submit(tenant, d.id());
      }
      assertThat(ingestor.awaitIdle(60, TimeUnit.SECONDS)).isTrue();
    }
    List<KnowledgeBases.Document> docs = kbs.documents(tenant, kb.id());
    assertThat(docs).filteredOn(d -> d.status().equals("indexed")).extracting(KnowledgeBases.Document::fileName)
        .containsExactlyInAnyOrder("clinic.md", "insurance.pdf", "team.docx");
    assertThat(docs).filteredOn(d -> d.status().equals("indexed")).allSatisfy(d -> {
      assertThat(d.progress()).isEqualTo(100);
      assertThat(d.chunkCount()).isPositive();
    });
    assertThat(docs).filteredOn(d -> d.fileName().equals("insurance.pdf")).singleElement()
        .satisfies(d -> assertThat(d.pages()).contains(2));
    assertThat(docs).filteredOn(d -> d.fileName().equals("secret.pdf")).singleElement().satisfies(d -> {
      assertThat(d.status()).isEqualTo("failed");
      assertThat(d.errorCode()).contains("file_encrypted");
      assertThat(d.errorMessage().orElseThrow()).contains("password-protected");
    });
    assertThat(docs).filteredOn(d -> d.fileName().equals("holiday.pdf")).singleElement()
        .satisfies(d -> assertThat(d.errorCode()).contains("file_disguised"));

    List<KnowledgeSearch.Passage> parking = retriever.search(tenant, kb.id(), "Where can I park my car?", 3);
    assertThat(parking.getFirst().heading()).isEqualTo("Parking");
    assertThat(parking.getFirst().documentName()).isEqualTo("clinic.md");
    assertThat(parking.getFirst().similarity()).isGreaterThan(0.3);
    List<KnowledgeSearch.Passage> insurance = retriever.search(tenant, kb.id(), "Do you take Cigna insurance?", 3);
    assertThat(insurance.getFirst().documentName()).isEqualTo("insurance.pdf");
    List<KnowledgeSearch.Passage> spanish = retriever.search(tenant, kb.id(), "Does a dentist speak Spanish?", 3);
    assertThat(spanish.getFirst().documentName()).isEqualTo("team.docx");
    assertThat(spanish.getFirst().heading()).isEqualTo("Our dentists");
  }

  @Test
  void shouldNeverReturnAnotherTenantsChunks() throws Exception {
    TenantId a = tenant("Alpha");
    TenantId b = tenant("Beta");
    var kbA = kbs.create(a, "Docs", "", embedder.modelId());
    var kbB = kbs.create(b, "Docs", "", embedder.modelId());
    try (KnowledgeBaseIngestor ingestor = ingestor()) {
      ingestor.submit(a, kbs.addDocument(a, kbA.id(), "alpha.txt", "", utf8("Alpha's secret wifi password is mango-42.")).id());
      ingestor.submit(b, kbs.addDocument(b, kbB.id(), "beta.txt", "", utf8("Beta sells bicycles and repairs them on Mondays.")).id());
      assertThat(ingestor.awaitIdle(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(retriever.search(a, kbA.id(), "wifi password", 10)).extracting(KnowledgeSearch.Passage::documentName)
        .containsOnly("alpha.txt");
    List<KnowledgeSearch.Passage> fromB = retriever.search(b, kbB.id(), "wifi password mango", 10);
    assertThat(fromB).extracting(KnowledgeSearch.Passage::text).noneMatch(t -> t.contains("mango"));
    // B naming A's knowledge base finds nothing: the store filters by tenant, and RLS hides A's rows.
    assertThatThrownBy(() -> retriever.search(b, kbA.id(), "wifi password", 10)).isInstanceOfSatisfying(NodeFailure.class,
        f -> assertThat(f.code()).isEqualTo("kb_not_found"));
    assertThat(store.search(b, kbA.id(), new VectorStore.Query(embedder.embed("wifi password"), "wifi password mango", 10,
        VectorStore.Mode.HYBRID))).isEmpty();
    assertThat(kbs.documents(b, kbA.id())).isEmpty();
  }

  @Test
  void shouldResumeIngestionAfterARestartAndKeepIndexedChunksWhenALaterFileFails() throws Exception {
    TenantId tenant = tenant("Gamma");
    var kb = kbs.create(tenant, "Manual", "", embedder.modelId());
    try (KnowledgeBaseIngestor ingestor = ingestor()) {
      ingestor.ingest(tenant, kbs.addDocument(tenant, kb.id(), "clinic.md", "", utf8(CLINIC)).id());
    }
    int indexedChunks = chunkCount(tenant, kb.id());
    assertThat(indexedChunks).isPositive();

    // Queued before the "crash", and one interrupted while processing: nobody works on them now.
    var queued = kbs.addDocument(tenant, kb.id(), "later.txt", "", utf8("The clinic's phone number is 555-0100."));
    var interrupted = kbs.addDocument(tenant, kb.id(), "half.txt", "", utf8("Emergency appointments are seen the same day."));
    assertThat(kbs.claim(tenant, interrupted.id())).isPresent();
    var broken = kbs.addDocument(tenant, kb.id(), "broken.pdf", "", utf8("%PDF-1.7 not really"));

    try (KnowledgeBaseIngestor afterRestart = ingestor()) {
      assertThat(afterRestart.resumePending()).isGreaterThanOrEqualTo(3);
      assertThat(afterRestart.awaitIdle(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(kbs.document(tenant, queued.id()).orElseThrow().status()).isEqualTo("indexed");
    assertThat(kbs.document(tenant, interrupted.id()).orElseThrow().status()).isEqualTo("indexed");
    assertThat(kbs.document(tenant, interrupted.id()).orElseThrow().attempts()).isEqualTo(2);
    assertThat(kbs.document(tenant, broken.id()).orElseThrow().errorCode()).contains("file_corrupt");
    assertThat(chunkCount(tenant, kb.id())).isEqualTo(indexedChunks + 2);
    assertThat(retriever.search(tenant, kb.id(), "same-day emergency", 1).getFirst().documentName()).isEqualTo("half.txt");
  }

  @Test
  void shouldFindAnExactCodeByItsWordsWhereVectorsAloneMissIt() throws Exception {
    TenantId tenant = tenant("Delta");
    var kb = kbs.create(tenant, "Parts", "", embedder.modelId());
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      parts.append("# Part ").append(i).append("\nReplacement filter cartridge model FC-").append(1000 + i)
          .append(" fits the standard kitchen faucet and lasts six months.\n");
    }
    try (KnowledgeBaseIngestor ingestor = ingestor()) {
      ingestor.ingest(tenant, kbs.addDocument(tenant, kb.id(), "parts.md", "", utf8(parts.toString())).id());
    }
    String query = "FC-1027";
    List<KnowledgeSearch.Passage> hybrid = retriever.search(tenant, kb.id(), query, 1, VectorStore.Mode.HYBRID);
    assertThat(hybrid.getFirst().text()).contains("FC-1027");
    List<KnowledgeSearch.Passage> text = retriever.search(tenant, kb.id(), query, 1, VectorStore.Mode.TEXT);
    assertThat(text.getFirst().text()).contains("FC-1027");
  }

  @Test
  void shouldReindexAKnowledgeBaseEmbeddedByAnotherModel() throws Exception {
    TenantId tenant = tenant("Epsilon");
    var kb = kbs.create(tenant, "Old", "", "an-older-model");
    var doc = kbs.addDocument(tenant, kb.id(), "clinic.md", "", utf8(CLINIC));
    try (KnowledgeBaseIngestor ingestor = ingestor()) {
      ingestor.ingest(tenant, doc.id());
      db.runInTenant(tenant, tx -> tx.execute("UPDATE kb_documents SET embedding_model = 'an-older-model' WHERE id = ?", doc.id()));
      assertThat(ingestor.reindexIfModelChanged(tenant, kb.id())).isEqualTo(1);
      assertThat(ingestor.awaitIdle(60, TimeUnit.SECONDS)).isTrue();
      assertThat(ingestor.reindexIfModelChanged(tenant, kb.id())).as("now current").isZero();
    }
    assertThat(kbs.find(tenant, kb.id()).orElseThrow().embeddingModel()).isEqualTo(embedder.modelId());
    var reindexed = kbs.document(tenant, doc.id()).orElseThrow();
    assertThat(reindexed.status()).isEqualTo("indexed");
    assertThat(reindexed.attempts()).isEqualTo(1);
    assertThat(retriever.search(tenant, kb.id(), "parking", 1).getFirst().heading()).isEqualTo("Parking");
  }

  @Test
  void shouldStopSearchingADocumentOfAnotherModelWhoseReindexFails() throws Exception {
    TenantId tenant = tenant("Zeta");
    var kb = kbs.create(tenant, "Old", "", "an-older-model");
    var doc = kbs.addDocument(tenant, kb.id(), "clinic.md", "", utf8(CLINIC));
    try (KnowledgeBaseIngestor ingestor = ingestor()) {
      ingestor.ingest(tenant, doc.id());
      // indexed by the older model, and its stored file lost since: the re-index for today's model fails
      db.runInTenant(tenant, tx -> tx.execute("UPDATE kb_documents SET embedding_model = 'an-older-model', content = ''::bytea "
          + "WHERE id = ?", doc.id()));
      assertThat(chunkCount(tenant, kb.id())).isPositive();
      assertThat(ingestor.reindexIfModelChanged(tenant, kb.id())).isEqualTo(1);
      assertThat(ingestor.awaitIdle(60, TimeUnit.SECONDS)).isTrue();
    }
    var failed = kbs.document(tenant, doc.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.chunkCount()).isZero();
    assertThat(failed.indexedAt()).isEmpty();
    assertThat(failed.errorMessage().orElseThrow()).startsWith("It could not be indexed again for the current search model");
    assertThat(chunkCount(tenant, kb.id())).as("the older model's chunks are not searched with today's").isZero();
    assertThat(retriever.search(tenant, kb.id(), "parking", 1)).isEmpty();
  }

  static int chunkCount(TenantId tenant, UUID kb) {
    return db.inTenant(tenant, tx -> tx.fetchOne("SELECT count(*) FROM kb_chunks WHERE knowledge_base_id = ?", kb).get(0, Integer.class));
  }
}
