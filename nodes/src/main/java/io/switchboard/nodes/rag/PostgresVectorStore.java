package io.switchboard.nodes.rag;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The default vector store: chunks in PostgreSQL ({@code kb_chunks}, row-level security), ranked on
 * an in-memory index per tenant and knowledge base (PostgreSQL here has no pgvector): cosine
 * similarity of the embeddings, and BM25 over the lexemes PostgreSQL's English text search stored
 * with each chunk (ranking thousands of matches with {@code ts_rank} in SQL took most of a second
 * on 100,000 chunks), fused by reciprocal rank, a text hit weighted by the share of the query it covers. An index is reloaded
 * when the knowledge base's revision changed, so every node of a cluster sees new chunks; indexes
 * are evicted least recently used beyond {@code maxCachedVectors}.
 */
public final class PostgresVectorStore implements VectorStore {

  private final TenantDatabase db;
  private final long maxCachedVectors;
  private final boolean weightTextByCoverage;
  private final Map<Key, Index> indexes = new LinkedHashMap<>(16, 0.75f, true);
  private long cachedVectors;

  private record Key(TenantId tenant, UUID knowledgeBase) {}

  private record Index(long revision, UUID[] ids, float[] vectors, int dimensions, TextIndex text) {
    int size() {
      return ids.length;
    }
  }

  public PostgresVectorStore(TenantDatabase db, long maxCachedVectors) {
    this(db, maxCachedVectors, true);
  }

  /** {@code weightTextByCoverage} false: plain reciprocal-rank fusion (kept to compare the two in rag-quality). */
  public PostgresVectorStore(TenantDatabase db, long maxCachedVectors, boolean weightTextByCoverage) {
    this.db = db;
    this.maxCachedVectors = maxCachedVectors;
    this.weightTextByCoverage = weightTextByCoverage;
  }

  @Override
  public void replaceDocument(TenantId tenant, UUID knowledgeBaseId, UUID documentId, String documentName,
                              List<StoredChunk> chunks) {
    db.runInTenant(tenant, tx -> tx.connection(c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM kb_chunks WHERE tenant_id = ? AND document_id = ?")) {
        delete.setObject(1, tenant.value());
        delete.setObject(2, documentId);
        delete.executeUpdate();
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO kb_chunks (tenant_id, id, knowledge_base_id, document_id, "
          + "ordinal, heading, content, token_count, embedding, tsv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          + "to_tsvector('english', ? || ' ' || ?))")) {
        int batched = 0;
        for (StoredChunk chunk : chunks) {
          insert.setObject(1, tenant.value());
          insert.setObject(2, chunk.id());
          insert.setObject(3, knowledgeBaseId);
          insert.setObject(4, documentId);
          insert.setInt(5, chunk.ordinal());
          insert.setString(6, chunk.heading());
          insert.setString(7, chunk.text());
          insert.setInt(8, chunk.tokens());
          insert.setBytes(9, Vectors.toBytes(chunk.embedding()));
          insert.setString(10, chunk.heading());
          insert.setString(11, chunk.text());
          insert.addBatch();
          if (++batched % 500 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      bumpRevision(c, tenant, knowledgeBaseId);
    }));
  }

  @Override
  public void deleteDocument(TenantId tenant, UUID knowledgeBaseId, UUID documentId) {
    db.runInTenant(tenant, tx -> tx.connection(c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM kb_chunks WHERE tenant_id = ? AND document_id = ?")) {
        delete.setObject(1, tenant.value());
        delete.setObject(2, documentId);
        delete.executeUpdate();
      }
      bumpRevision(c, tenant, knowledgeBaseId);
    }));
  }

  private static void bumpRevision(Connection c, TenantId tenant, UUID knowledgeBaseId) throws java.sql.SQLException {
    try (PreparedStatement bump = c.prepareStatement(
        "UPDATE knowledge_bases SET revision = revision + 1, updated_at = now() WHERE tenant_id = ? AND id = ?")) {
      bump.setObject(1, tenant.value());
      bump.setObject(2, knowledgeBaseId);
      bump.executeUpdate();
    }
  }

  @Override
  public List<Match> search(TenantId tenant, UUID knowledgeBaseId, Query query) {
    int candidates = Math.max(50, query.topK() * 5);
    return db.inTenant(tenant, tx -> tx.connectionResult(c -> {
      boolean wantsText = query.mode() != Mode.VECTOR && query.text() != null && !query.text().isBlank();
      Optional<Revision> revision = revision(c, tenant, knowledgeBaseId, wantsText ? query.text() : null);
      if (revision.isEmpty()) {
        return List.<Match>of();
      }
      Index index = index(c, tenant, knowledgeBaseId, revision.get().revision());
      Map<UUID, Double> similarity = new HashMap<>();
      List<UUID> byVector = List.of();
      if (query.mode() != Mode.TEXT) {
        byVector = nearest(index, query.vector(), candidates, similarity);
      }
      List<UUID> byText = List.of();
      Map<UUID, Double> textScore = new HashMap<>();
      Map<UUID, Double> coverage = new HashMap<>();
      if (wantsText) {
        byText = index.text().search(revision.get().lexemes(), candidates, index.ids(), textScore, coverage);
      }
      Map<UUID, Double> score = new LinkedHashMap<>();
      switch (query.mode()) {
        case VECTOR -> byVector.forEach(id -> score.put(id, similarity.get(id)));
        case TEXT -> byText.forEach(id -> score.put(id, textScore.get(id)));
        case HYBRID -> score.putAll(weightTextByCoverage ? Fusion.weightedReciprocalRank(byVector, byText, coverage)
            : Fusion.reciprocalRank(byVector, byText));
      }
      List<UUID> top = score.entrySet().stream().sorted(Map.Entry.<UUID, Double>comparingByValue().reversed())
          .limit(query.topK()).map(Map.Entry::getKey).toList();
      return rows(c, tenant, top, score, similarity);
    }));
  }

  /** The knowledge base's revision, and the query's lexemes when it has text. */
  private record Revision(long revision, List<String> lexemes) {}

  // One round trip: the revision, and PostgreSQL's own parser and English stemmer turning the query into the lexemes the
  // chunks were indexed with.
  private static Optional<Revision> revision(Connection c, TenantId tenant, UUID kb, String text) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT revision, CASE WHEN ?::text IS NULL THEN NULL "
        + "ELSE plainto_tsquery('english', ?::text)::text END FROM knowledge_bases WHERE tenant_id = ? AND id = ?")) {
      ps.setString(1, text);
      ps.setString(2, text);
      ps.setObject(3, tenant.value());
      ps.setObject(4, kb);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Revision(rs.getLong(1), TextIndex.lexemes(rs.getString(2)))) : Optional.empty();
      }
    }
  }

  private Index index(Connection c, TenantId tenant, UUID kb, long revision) throws java.sql.SQLException {
    Key key = new Key(tenant, kb);
    synchronized (indexes) {
      Index cached = indexes.get(key);
      if (cached != null && cached.revision() == revision) {
        return cached;
      }
    }
    List<UUID> ids = new ArrayList<>();
    float[] vectors = new float[0];
    int dims = 0;
    TextIndex.Builder text = new TextIndex.Builder();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, embedding, tsv::text FROM kb_chunks WHERE tenant_id = ? AND knowledge_base_id = ? ORDER BY document_id, ordinal")) {
      ps.setFetchSize(5_000);
      ps.setObject(1, tenant.value());
      ps.setObject(2, kb);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] bytes = rs.getBytes(2);
          if (dims == 0) {
            dims = bytes.length / 4;
            vectors = new float[dims * 1024];
          } else if (bytes.length / 4 != dims) {
            continue; // a chunk of another embedding model awaiting re-indexing
          }
          if ((ids.size() + 1) * dims > vectors.length) {
            vectors = Arrays.copyOf(vectors, vectors.length * 2);
          }
          Vectors.fromBytes(bytes, vectors, ids.size() * dims);
          text.add(ids.size(), rs.getString(3));
          ids.add((UUID) rs.getObject(1));
        }
      }
    }
    Index loaded = new Index(revision, ids.toArray(UUID[]::new), Arrays.copyOf(vectors, ids.size() * dims), dims,
        text.build(ids.size()));
    synchronized (indexes) {
      Index old = indexes.put(key, loaded);
      cachedVectors += loaded.size() - (old == null ? 0 : old.size());
      var it = indexes.entrySet().iterator();
      while (cachedVectors > maxCachedVectors && it.hasNext()) {
        var eldest = it.next();
        if (eldest.getKey().equals(key)) {
          continue;
        }
        cachedVectors -= eldest.getValue().size();
        it.remove();
      }
    }
    return loaded;
  }

  private static List<UUID> nearest(Index index, float[] query, int n, Map<UUID, Double> similarity) {
    if (index.size() == 0 || query == null || query.length != index.dimensions()) {
      return List.of();
    }
    List<float[]> best = top(index.vectors(), index.size(), index.dimensions(), query, n);
    List<UUID> ids = new ArrayList<>(best.size());
    for (float[] b : best) {
      UUID id = index.ids()[(int) b[1]];
      ids.add(id);
      similarity.put(id, (double) b[0]);
    }
    return ids;
  }

  /**
   * The {@code n} vectors nearest {@code query} by dot product, best first (ties: lower position), as {dot, position}.
   * One thread: scanning in slices on the common pool, measured with both cores busy with other builds, moved the median
   * a little (28 → 24 ms) and tripled the 99th percentile (vector-only 62 → 172 ms): a slice waited for the other core.
   */
  static List<float[]> top(float[] vectors, int size, int dims, float[] query, int n) {
    List<float[]> best = scan(vectors, query, dims, 0, size, n);
    best.sort((a, b) -> a[0] != b[0] ? Float.compare(b[0], a[0]) : Float.compare(a[1], b[1]));
    return best;
  }

  /** The best {@code n} of the vectors {@code from} to {@code to} by dot product, as {dot, position}. */
  private static List<float[]> scan(float[] v, float[] query, int dims, int from, int to, int n) {
    PriorityQueue<float[]> heap = new PriorityQueue<>(Comparator.comparingDouble(a -> a[0]));
    float floor = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      float dot = dot(v, i * dims, query, dims);
      if (heap.size() < n) {
        heap.add(new float[] {dot, i});
        floor = heap.peek()[0];
      } else if (dot > floor) {
        heap.poll();
        heap.add(new float[] {dot, i});
        floor = heap.peek()[0];
      }
    }
    return new ArrayList<>(heap);
  }

  /**
   * The dot product of {@code query} with the vector at {@code base}: eight independent sums, so the
   * multiplications do not wait on one another (with one running sum each waited on the previous
   * one; a scan of 100,000 vectors took about twice as long here).
   */
  static float dot(float[] v, int base, float[] query, int dims) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int d = 0;
    for (; d + 7 < dims; d += 8) {
      int b = base + d;
      s0 += v[b] * query[d];
      s1 += v[b + 1] * query[d + 1];
      s2 += v[b + 2] * query[d + 2];
      s3 += v[b + 3] * query[d + 3];
      s4 += v[b + 4] * query[d + 4];
      s5 += v[b + 5] * query[d + 5];
      s6 += v[b + 6] * query[d + 6];
      s7 += v[b + 7] * query[d + 7];
    }
    float dot = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; d < dims; d++) {
      dot += v[base + d] * query[d];
    }
    return dot;
  }

  private static List<Match> rows(Connection c, TenantId tenant, List<UUID> ids, Map<UUID, Double> score,
                                  Map<UUID, Double> similarity) throws java.sql.SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<UUID, Match> found = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT k.id, k.document_id, d.file_name, k.heading, k.ordinal, k.content
          FROM kb_chunks k JOIN kb_documents d ON d.tenant_id = k.tenant_id AND d.id = k.document_id
         WHERE k.tenant_id = ? AND k.id = ANY (?)""")) {
      ps.setObject(1, tenant.value());
      ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = (UUID) rs.getObject(1);
          found.put(id, new Match(id, (UUID) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
              score.get(id), Optional.ofNullable(similarity.get(id))));
        }
      }
    }
    return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
  }
}
