package io.switchboard.nodes.rag;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The vector-store contract on PostgreSQL, as the application role under row-level security. */
class PostgresVectorStoreIT extends VectorStoreContract {

  static AppRoleDatabase database;
  static TenantDatabase db;
  static PostgresVectorStore store;

  @BeforeAll
  static void start() {
    database = AppRoleDatabase.start();
    db = database.db;
    store = new PostgresVectorStore(db, 100_000);
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Override
  VectorStore store() {
    return store;
  }

  @Override
  Scope scope(String name) {
    TenantId tenant = database.tenant(name);
    UUID kb = UUID.randomUUID();
    UUID document = UUID.randomUUID();
    db.runInTenant(tenant, tx -> {
      tx.execute("INSERT INTO knowledge_bases (tenant_id, id, name, embedding_model) VALUES (?, ?, 'KB', 'test')", tenant.value(), kb);
      tx.execute("INSERT INTO kb_documents (tenant_id, id, knowledge_base_id, file_name, size_bytes, sha256, content) "
          + "VALUES (?, ?, ?, 'guide.md', 0, '', '\\x')", tenant.value(), document, kb);
    });
    return new Scope(tenant, kb, document);
  }

  /** Beyond the contract: the chunks are rows of the tenant, which row-level security hides from every other tenant. */
  @Test
  void shouldStoreChunksAsRowsOnlyTheirTenantSees() {
    Scope a = scope("rows-a");
    Scope b = scope("rows-b");
    store.replaceDocument(a.tenant(), a.knowledgeBase(), a.document(), "guide.md", List.of(
        chunk(0, "One", "first chunk", topic(20, 0)), chunk(1, "Two", "second chunk", topic(21, 0))));
    String count = "SELECT count(*) FROM kb_chunks WHERE knowledge_base_id = ?";
    long seenByOwner = db.inTenant(a.tenant(), tx -> tx.fetchOne(count, a.knowledgeBase()).get(0, Long.class));
    long seenByOther = db.inTenant(b.tenant(), tx -> tx.fetchOne(count, a.knowledgeBase()).get(0, Long.class));
    assertThat(seenByOwner).isEqualTo(2L);
    assertThat(seenByOther).isZero();
  }
}
