package io.switchboard.nodes.rag;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.qdrant.QdrantContainer;

import java.util.UUID;

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
}
