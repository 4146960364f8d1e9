package io.switchboard.nodes.rag;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.switchboard.engine.tenancy.TenantId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchTextAny;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

/**
 * The production vector store: Qdrant through its Java client (gRPC). One collection holds every
 * tenant's chunks; each point carries its tenant and knowledge base as indexed keywords and every
 * search and delete filters on both. Full-text candidates come from a Qdrant text index on the
 * chunk text (any word), ranked by the number of query words they contain; hybrid fuses the two
 * by reciprocal rank as the PostgreSQL store does. Replacing a document writes its new points
 * before deleting the old ones: a failure leaves the old chunks, and a reader may briefly see both.
 */
public final class QdrantVectorStore implements VectorStore {

  private final QdrantClient client;
  private final String collection;

  public QdrantVectorStore(QdrantClient client, String collection) {
    this.client = client;
    this.collection = collection;
  }

  /** Creates the collection and its payload indexes when missing. */
  public void ensureCollection(int dimensions) {
    try {
      if (!client.collectionExistsAsync(collection).get()) {
        client.createCollectionAsync(collection, VectorParams.newBuilder().setDistance(Distance.Cosine).setSize(dimensions).build()).get();
        for (String field : List.of("tenant_id", "knowledge_base_id", "document_id")) {
          client.createPayloadIndexAsync(collection, field, PayloadSchemaType.Keyword, null, true, null, null).get();
        }
        client.createPayloadIndexAsync(collection, "text", PayloadSchemaType.Text, null, true, null, null).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the Qdrant collection", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Qdrant could not prepare the collection " + collection + ": " + e.getCause().getMessage(), e);
    }
  }

  private static Filter scope(TenantId tenant, UUID knowledgeBaseId) {
    return Filter.newBuilder().addMust(matchKeyword("tenant_id", tenant.toString()))
        .addMust(matchKeyword("knowledge_base_id", knowledgeBaseId.toString())).build();
  }

  @Override
  public void replaceDocument(TenantId tenant, UUID knowledgeBaseId, UUID documentId, String documentName, List<StoredChunk> chunks) {
    List<PointStruct> points = new ArrayList<>(chunks.size());
    for (StoredChunk c : chunks) {
      Map<String, Value> payload = new HashMap<>();
      payload.put("tenant_id", value(tenant.toString()));
      payload.put("knowledge_base_id", value(knowledgeBaseId.toString()));
      payload.put("document_id", value(documentId.toString()));
      payload.put("document_name", value(documentName));
      payload.put("heading", value(c.heading()));
      payload.put("text", value(c.text()));
      payload.put("ordinal", value(c.ordinal()));
      points.add(PointStruct.newBuilder().setId(id(c.id())).setVectors(vectors(c.embedding())).putAllPayload(payload).build());
    }
    await(() -> {
      for (int i = 0; i < points.size(); i += 256) {
        client.upsertAsync(collection, points.subList(i, Math.min(points.size(), i + 256))).get();
      }
      Filter.Builder old = scope(tenant, knowledgeBaseId).toBuilder().addMust(matchKeyword("document_id", documentId.toString()));
      if (!chunks.isEmpty()) {
        old.addMustNot(hasId(chunks.stream().map(c -> id(c.id())).toList()));
      }
      client.deleteAsync(collection, old.build()).get();
      return null;
    });
  }

  @Override
  public void deleteDocument(TenantId tenant, UUID knowledgeBaseId, UUID documentId) {
    await(() -> client.deleteAsync(collection, scope(tenant, knowledgeBaseId).toBuilder()
        .addMust(matchKeyword("document_id", documentId.toString())).build()).get());
  }

  @Override
  public List<Match> search(TenantId tenant, UUID knowledgeBaseId, Query query) {
    int candidates = Math.max(50, query.topK() * 5);
    Map<UUID, Match> found = new HashMap<>();
    Map<UUID, Double> similarity = new HashMap<>();
    List<UUID> byVector = new ArrayList<>();
    if (query.mode() != Mode.TEXT && query.vector() != null) {
      List<ScoredPoint> points = await(() -> client.searchAsync(SearchPoints.newBuilder().setCollectionName(collection)
          .addAllVector(floats(query.vector())).setFilter(scope(tenant, knowledgeBaseId)).setLimit(candidates)
          .setWithPayload(enable(true)).build()).get());
      for (ScoredPoint p : points) {
        UUID id = UUID.fromString(p.getId().getUuid());
        byVector.add(id);
        similarity.put(id, (double) p.getScore());
        found.put(id, match(id, p.getPayloadMap(), p.getScore(), Optional.of((double) p.getScore())));
      }
    }
    List<UUID> byText = new ArrayList<>();
    Map<UUID, Double> textScore = new HashMap<>();
    if (query.mode() != Mode.VECTOR && query.text() != null && !query.text().isBlank()) {
      List<RetrievedPoint> points = await(() -> client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(collection)
          .setFilter(scope(tenant, knowledgeBaseId).toBuilder().addMust(matchTextAny("text", query.text())).build())
          .setLimit(256).setWithPayload(enable(true)).build()).get().getResultList());
      Set<String> words = words(query.text());
      for (RetrievedPoint p : points) {
        UUID id = UUID.fromString(p.getId().getUuid());
        Set<String> inChunk = words(p.getPayloadMap().get("heading").getStringValue() + " " + p.getPayloadMap().get("text").getStringValue());
        long common = words.stream().filter(inChunk::contains).count();
        textScore.put(id, (double) common);
        found.putIfAbsent(id, match(id, p.getPayloadMap(), common, Optional.ofNullable(similarity.get(id))));
      }
      byText = textScore.entrySet().stream().sorted(Map.Entry.<UUID, Double>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey())).limit(candidates).map(Map.Entry::getKey).toList();
    }
    Map<UUID, Double> score = new LinkedHashMap<>();
    switch (query.mode()) {
      case VECTOR -> byVector.forEach(id -> score.put(id, similarity.get(id)));
      case TEXT -> byText.forEach(id -> score.put(id, textScore.get(id)));
      case HYBRID -> score.putAll(Fusion.reciprocalRank(byVector, byText));
    }
    return score.entrySet().stream().sorted(Map.Entry.<UUID, Double>comparingByValue().reversed()).limit(query.topK())
        .map(e -> {
          Match m = found.get(e.getKey());
          return new Match(m.chunkId(), m.documentId(), m.documentName(), m.heading(), m.ordinal(), m.text(), e.getValue(),
              Optional.ofNullable(similarity.get(e.getKey())));
        }).toList();
  }

  private static Match match(UUID id, Map<String, Value> payload, double score, Optional<Double> similarity) {
    return new Match(id, UUID.fromString(payload.get("document_id").getStringValue()), payload.get("document_name").getStringValue(),
        payload.get("heading").getStringValue(), (int) payload.get("ordinal").getIntegerValue(), payload.get("text").getStringValue(),
        score, similarity);
  }

  private static Set<String> words(String text) {
    return new HashSet<>(Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+")).filter(w -> w.length() > 1).toList());
  }

  private static List<Float> floats(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add(f);
    }
    return out;
  }

  private interface Call<T> {
    T run() throws InterruptedException, ExecutionException;
  }

  private static <T> T await(Call<T> call) {
    try {
      return call.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Qdrant", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Qdrant failed: " + e.getCause().getMessage(), e);
    }
  }
}
