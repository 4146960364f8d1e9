package io.switchboard.bench.rag;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.bench.Latencies;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.KnowledgeSearch;
import io.switchboard.nodes.rag.Chunker;
import io.switchboard.nodes.rag.DocumentExtractor;
import io.switchboard.nodes.rag.KnowledgeBaseIngestor;
import io.switchboard.nodes.rag.KnowledgeBaseRetriever;
import io.switchboard.nodes.rag.KnowledgeBases;
import io.switchboard.nodes.rag.MiniLmEmbedder;
import io.switchboard.nodes.rag.PostgresVectorStore;
import io.switchboard.nodes.rag.VectorStore;
import io.switchboard.nodes.rag.Vectors;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The knowledge-base scenarios on a throw-away embedded PostgreSQL, as the application role:
 * {@code ingest} (a generated 100-page PDF through the real ingestor), {@code query} (hybrid top-5
 * over 100,000 chunks of one tenant among several) and {@code quality} (recall@5 of the shipped
 * question set over the shipped documents, hybrid against vector-only and text-only).
 */
public final class RagBench {

  private static final String[] WORDS = ("appointment booking cancel refund invoice payment parking opening hours weekend "
      + "holiday price discount membership plan upgrade warranty repair service technician delivery shipping order tracking "
      + "address phone email support ticket password account login reset insurance coverage claim policy deductible "
      + "cleaning whitening checkup emergency prescription pharmacy vaccine puppy kitten grooming boarding class schedule "
      + "trainer locker shower towel wifi breakfast checkout checkin luggage shuttle airport invoice receipt tax").split(" ");

  public static void main(String[] args) throws Exception {
    String scenario = args.length == 0 ? "query" : args[0];
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary()) {
      SchemaMigrator.migrate(postgres.adminDataSource(), Optional.empty());
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(postgres.jdbcUrl());
      config.setUsername(SchemaMigrator.APP_ROLE);
      config.setMaximumPoolSize(4);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        TenantDatabase db = new TenantDatabase(DSL.using(pool, SQLDialect.POSTGRES));
        switch (scenario) {
          case "ingest" -> ingest(db);
          case "query" -> query(db);
          case "quality" -> quality(db);
          default -> throw new IllegalArgumentException("scenario: ingest, query or quality");
        }
      }
    }
  }

  static TenantId tenant(TenantDatabase db, String name) {
    TenantId tenant = TenantId.random();
    db.runInTenant(tenant, tx -> tx.execute("INSERT INTO tenants (id, name, slug) VALUES (?, ?, ?)", tenant.value(), name,
        "b-" + tenant.value().toString().substring(0, 8)));
    return tenant;
  }

  // ---- rag-ingest ----------------------------------------------------------------------------

  static void ingest(TenantDatabase db) throws Exception {
    byte[] pdf = generatedPdf(100, new Random(7));
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    embedder.embed("warm up"); // model load (about a second) is start-up, not ingestion
    KnowledgeBases kbs = new KnowledgeBases(db);
    PostgresVectorStore store = new PostgresVectorStore(db, 1_000_000);
    TenantId tenant = tenant(db, "Ingest");
    var kb = kbs.create(tenant, "Manual", "", embedder.modelId());
    try (KnowledgeBaseIngestor ingestor = new KnowledgeBaseIngestor(db, kbs, store, new DocumentExtractor(), Chunker.defaults(),
        embedder, 1)) {
      var doc = kbs.addDocument(tenant, kb.id(), "manual.pdf", "application/pdf", pdf);
      long started = System.nanoTime();
      ingestor.ingest(tenant, doc.id());
      double seconds = (System.nanoTime() - started) / 1e9;
      var done = kbs.document(tenant, doc.id()).orElseThrow();
      if (!done.status().equals("indexed")) {
        throw new IllegalStateException("ingestion failed: " + done.errorMessage().orElse("?"));
      }
      System.err.printf(Locale.ROOT, "pdf_bytes=%d ms_per_chunk=%.1f%n", pdf.length, seconds * 1000 / done.chunkCount());
      System.out.printf(Locale.ROOT, "rag-ingest: pages=%d chunks=%d seconds=%.1f%n", done.pages().orElse(0), done.chunkCount(), seconds);
    }
  }

  static byte[] generatedPdf(int pages, Random random) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 1; p <= pages; p++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(font, 10);
          content.setLeading(12);
          content.newLineAtOffset(40, 750);
          for (int section = 1; section <= 3; section++) {
            content.showText(p + "." + section + " " + capital(WORDS[random.nextInt(WORDS.length)]) + " and "
                + WORDS[random.nextInt(WORDS.length)]);
            content.newLine();
            for (int line = 0; line < 16; line++) {
              StringBuilder text = new StringBuilder();
              while (text.length() < 95) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
              }
              content.showText(text.toString().strip() + (line % 4 == 3 ? "." : ""));
              content.newLine();
            }
          }
          content.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static String capital(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  // ---- rag-query ----------------------------------------------------------------------------

  static void query(TenantDatabase db) throws Exception {
    int target = Integer.getInteger("bench.chunks", 100_000);
    int others = Integer.getInteger("bench.otherTenants", 3);
    int otherChunks = Integer.getInteger("bench.otherChunks", 20_000);
    KnowledgeBases kbs = new KnowledgeBases(db);
    PostgresVectorStore store = new PostgresVectorStore(db, 2_000_000);
    Random random = new Random(42);
    long loadStarted = System.nanoTime();
    TenantId measured = tenant(db, "Measured");
    UUID kb = kbs.create(measured, "Big", "", "all-minilm-l6-v2").id();
    fill(db, measured, kb, target, random);
    for (int t = 0; t < others; t++) {
      TenantId other = tenant(db, "Other " + t);
      fill(db, other, kbs.create(other, "Docs", "", "all-minilm-l6-v2").id(), otherChunks, random);
    }
    System.err.printf(Locale.ROOT, "loaded %d + %d x %d chunks in %.1f s%n", target, others, otherChunks,
        (System.nanoTime() - loadStarted) / 1e9);
    db.platform(tx -> tx.execute("ANALYZE"));

    MiniLmEmbedder embedder = new MiniLmEmbedder();
    List<String> questions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // Questions name a few content words: neither the commonest nor the rarest.
      questions.add("how do I " + VOCABULARY[100 + random.nextInt(5_000)] + " my " + VOCABULARY[100 + random.nextInt(5_000)] + " "
          + VOCABULARY[100 + random.nextInt(5_000)]);
    }
    long embedStarted = System.nanoTime();
    List<float[]> vectors = embedder.embed(questions);
    double embedMs = (System.nanoTime() - embedStarted) / 1e6 / questions.size();

    long first = System.nanoTime();
    store.search(measured, kb, new VectorStore.Query(vectors.getFirst(), questions.getFirst(), 5, VectorStore.Mode.HYBRID));
    double indexLoadMs = (System.nanoTime() - first) / 1e6;
    for (int i = 0; i < 200; i++) {
      store.search(measured, kb, new VectorStore.Query(vectors.get(i % 50), questions.get(i % 50), 5, VectorStore.Mode.HYBRID));
    }
    int n = Integer.getInteger("bench.queries", 1_000);
    long[] hybrid = new long[n];
    long[] hybridCpu = new long[n];
    long[] vectorOnly = new long[n];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < n; i++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long s = System.nanoTime();
      List<VectorStore.Match> top = store.search(measured, kb,
          new VectorStore.Query(vectors.get(i % 50), questions.get(i % 50), 5, VectorStore.Mode.HYBRID));
      hybrid[i] = System.nanoTime() - s;
      hybridCpu[i] = threads.getCurrentThreadCpuTime() - cpu;
      if (top.size() != 5) {
        throw new IllegalStateException("expected 5 results, got " + top.size());
      }
      s = System.nanoTime();
      store.search(measured, kb, new VectorStore.Query(vectors.get(i % 50), questions.get(i % 50), 5, VectorStore.Mode.VECTOR));
      vectorOnly[i] = System.nanoTime() - s;
    }
    Latencies h = Latencies.of(hybrid, n);
    Latencies v = Latencies.of(vectorOnly, n);
    // The query thread's own CPU time (PostgreSQL's share is not in it): what a query costs whatever else the cores run.
    Latencies c = Latencies.of(hybridCpu, n);
    System.err.printf(Locale.ROOT, "hybrid_cpu_p50_ms=%.2f hybrid_cpu_p99_ms=%.2f load_average=%.2f%n", c.percentileMs(0.50),
        c.percentileMs(0.99), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.err.printf(Locale.ROOT, "vector_only_p50_ms=%.2f vector_only_p99_ms=%.2f index_load_ms=%.0f embed_query_ms=%.1f%n",
        v.percentileMs(0.50), v.percentileMs(0.99), indexLoadMs, embedMs);
    System.out.printf(Locale.ROOT, "rag-query: p50_ms=%.2f p99_ms=%.2f chunks=%d other_tenants=%d queries=%d mode=hybrid%n",
        h.percentileMs(0.50), h.percentileMs(0.99), target, others, n);
  }

  /** 20,000 pronounceable made-up words; texts draw them with Zipf's law, as natural language does. */
  static final String[] VOCABULARY = vocabulary(20_000);
  private static final double[] ZIPF = zipf(VOCABULARY.length);

  static String[] vocabulary(int n) {
    String[] onsets = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "st", "pl"};
    String[] vowels = {"a", "e", "i", "o", "u", "ai", "ou"};
    String[] codas = {"", "n", "r", "s", "t", "l", "m"};
    String[] words = new String[n];
    Random r = new Random(11);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < n; ) {
      StringBuilder w = new StringBuilder();
      int syllables = 2 + r.nextInt(2);
      for (int s = 0; s < syllables; s++) {
        w.append(onsets[r.nextInt(onsets.length)]).append(vowels[r.nextInt(vowels.length)]).append(codas[r.nextInt(codas.length)]);
      }
      if (seen.add(w.toString())) {
        words[i++] = w.toString();
      }
    }
    return words;
  }

  private static double[] zipf(int n) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1d / (i + 1);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    return cumulative;
  }

  static String zipfWord(Random random) {
    int at = java.util.Arrays.binarySearch(ZIPF, random.nextDouble());
    return VOCABULARY[Math.min(VOCABULARY.length - 1, at < 0 ? -at - 1 : at)];
  }

  // Random unit vectors and Zipf-distributed text: the store's work does not depend on meaning.
  static void fill(TenantDatabase db, TenantId tenant, UUID kb, int chunks, Random random) {
    UUID document = UUID.randomUUID();
    db.runInTenant(tenant, tx -> tx.execute("INSERT INTO kb_documents (tenant_id, id, knowledge_base_id, file_name, size_bytes, "
        + "sha256, content, status) VALUES (?, ?, ?, 'generated.txt', 0, '', '\\x', 'indexed')", tenant.value(), document, kb));
    int batchSize = 5_000;
    for (int from = 0; from < chunks; from += batchSize) {
      int start = from;
      int end = Math.min(chunks, from + batchSize);
      db.runInTenant(tenant, tx -> tx.connection(c -> insertBatch(c, tenant, kb, document, start, end, random)));
    }
    db.runInTenant(tenant, tx -> tx.execute("UPDATE knowledge_bases SET revision = revision + 1 WHERE id = ?", kb));
  }

  private static void insertBatch(Connection c, TenantId tenant, UUID kb, UUID document, int from, int to, Random random)
      throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_chunks (tenant_id, id, knowledge_base_id, document_id, ordinal, "
        + "heading, content, token_count, embedding, tsv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, to_tsvector('english', ? || ' ' || ?))")) {
      for (int i = from; i < to; i++) {
        float[] v = new float[384];
        for (int d = 0; d < v.length; d++) {
          v[d] = (float) random.nextGaussian();
        }
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 120; w++) {
          text.append(zipfWord(random)).append(' ');
        }
        ps.setObject(1, tenant.value());
        ps.setObject(2, UUID.randomUUID());
        ps.setObject(3, kb);
        ps.setObject(4, document);
        ps.setInt(5, i);
        ps.setString(6, "Section " + i);
        ps.setString(7, text.toString());
        ps.setInt(8, 160);
        ps.setBytes(9, Vectors.toBytes(Vectors.normalise(v)));
        ps.setString(10, "Section " + i);
        ps.setString(11, text.toString());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  // ---- rag-quality --------------------------------------------------------------------------

  /** One shipped question and the section (file and heading) holding its answer. */
  record Question(String text, String file, String heading) {}

  static void quality(TenantDatabase db) throws Exception {
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    KnowledgeBases kbs = new KnowledgeBases(db);
    PostgresVectorStore store = new PostgresVectorStore(db, 1_000_000);
    KnowledgeBaseRetriever retriever = new KnowledgeBaseRetriever(kbs, store, embedder);
    TenantId tenant = tenant(db, "Quality");
    UUID kb = kbs.create(tenant, "Shipped documents", "", embedder.modelId()).id();
    // Another tenant holds the same documents: its chunks must never be counted as hits.
    TenantId other = tenant(db, "Other");
    UUID otherKb = kbs.create(other, "Shipped documents", "", embedder.modelId()).id();
    List<String> files = lines("/rag-quality/documents.txt");
    try (KnowledgeBaseIngestor ingestor = new KnowledgeBaseIngestor(db, kbs, store, new DocumentExtractor(), Chunker.defaults(),
        embedder, 1)) {
      for (String file : files) {
        byte[] bytes = resource("/rag-quality/" + file);
        ingestor.ingest(tenant, kbs.addDocument(tenant, kb, file, "", bytes).id());
        ingestor.ingest(other, kbs.addDocument(other, otherKb, file, "", bytes).id());
      }
    }
    List<Question> questions = lines("/rag-quality/questions.tsv").stream().map(l -> l.split("\t"))
        .map(p -> new Question(p[0], p[1], p[2])).toList();
    double hybrid = recall(retriever, tenant, kb, questions, VectorStore.Mode.HYBRID);
    double vector = recall(retriever, tenant, kb, questions, VectorStore.Mode.VECTOR);
    double text = recall(retriever, tenant, kb, questions, VectorStore.Mode.TEXT);
    // The same chunks fused by plain reciprocal rank, every text hit counting fully (the fusion before session 3).
    KnowledgeBaseRetriever plain = new KnowledgeBaseRetriever(kbs, new PostgresVectorStore(db, 1_000_000, false), embedder);
    double plainHybrid = recall(plain, tenant, kb, questions, VectorStore.Mode.HYBRID);
    System.out.printf(Locale.ROOT, "rag-quality: recall_at_5=%.3f vector_only_recall_at_5=%.3f text_only_recall_at_5=%.3f "
        + "plain_rrf_recall_at_5=%.3f questions=%d documents=%d hybrid_beats_vector=%b%n", hybrid, vector, text, plainHybrid,
        questions.size(), files.size(), hybrid > vector);
  }

  static double recall(KnowledgeBaseRetriever retriever, TenantId tenant, UUID kb, List<Question> questions, VectorStore.Mode mode)
      throws Exception {
    int hits = 0;
    for (Question q : questions) {
      List<KnowledgeSearch.Passage> top = retriever.search(tenant, kb, q.text(), 5, mode);
      boolean hit = top.stream().anyMatch(p -> p.documentName().equals(q.file()) && p.heading().equals(q.heading()));
      if (hit) {
        hits++;
      } else if (Boolean.getBoolean("bench.verbose")) {
        System.err.println(mode + " missed: " + q.text() + " -> " + top.stream().map(p -> p.documentName() + "#" + p.heading()).toList());
      }
    }
    return (double) hits / questions.size();
  }

  static List<String> lines(String resource) throws Exception {
    try (InputStream in = RagBench.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
  }

  static byte[] resource(String name) throws Exception {
    try (InputStream in = RagBench.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing");
      }
      return in.readAllBytes();
    }
  }
}
