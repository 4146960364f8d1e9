package io.switchboard.nodes.rag;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.qdrant.QdrantContainer;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The vector-store contract on Qdrant in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class QdrantVectorStoreIT extends VectorStoreContract {

  @Container
  static final QdrantContainer QDRANT = new QdrantContainer("qdrant/qdrant:v1.16.1");

  static QdrantClient client;
  static QdrantVectorStore store;

  @BeforeAll
  static void connect() {
    client = new QdrantClient(QdrantGrpcClient.newBuilder(QDRANT.getHost(), QDRANT.getGrpcPort(), false).build());
    store = new QdrantVectorStore(client, "chunks_contract");
    store.ensureCollection(DIMS);
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  VectorStore store() {
    return store;
  }

  @Override
  Scope scope(String name) {
    return new Scope(TenantId.random(), UUID.randomUUID(), UUID.randomUUID());
  }

  /** Beyond the contract: preparing the collection again keeps it (and its points), sized for the embedding model. */
  @Test
  void shouldPrepareTheCollectionOnceWithTheModelsSize() throws Exception {
    Scope s = scope("collection");
    store.replaceDocument(s.tenant(), s.knowledgeBase(), s.document(), "guide.md",
        java.util.List.of(chunk(0, "Kept", "kept across preparations", topic(30, 0))));
    store.ensureCollection(DIMS);
    var info = client.getCollectionInfoAsync("chunks_contract").get();
    assertThat(info.getConfig().getParams().getVectorsConfig().getParams().getSize()).isEqualTo(DIMS);
    assertThat(search(s, topic(30, 0), "", VectorStore.Mode.VECTOR)).extracting(VectorStore.Match::heading)
        .containsExactly("Kept");
  }
}
