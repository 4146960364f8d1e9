package io.switchboard.nodes.rag;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Optional;
import java.util.UUID;

/** The vector-store contract on PostgreSQL, as the application role under row-level security. */
class PostgresVectorStoreIT extends VectorStoreContract {

  static EmbeddedPostgresServer postgres;
  static HikariDataSource pool;
  static TenantDatabase db;
  static PostgresVectorStore store;

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgresServer.startTemporary();
    SchemaMigrator.migrate(postgres.adminDataSource(), Optional.empty());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(SchemaMigrator.APP_ROLE);
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    db = new TenantDatabase(DSL.using(pool, SQLDialect.POSTGRES));
    store = new PostgresVectorStore(db, 100_000);
  }

  @AfterAll
  static void stop() {
    pool.close();
    postgres.close();
  }

  @Override
  VectorStore store() {
    return store;
  }

  @Override
  Scope scope(String name) {
    TenantId tenant = TenantId.random();
    UUID kb = UUID.randomUUID();
    UUID document = UUID.randomUUID();
    db.runInTenant(tenant, tx -> {
      tx.execute("INSERT INTO tenants (id, name, slug) VALUES (?, ?, ?)", tenant.value(), name, "v-" + tenant.value().toString().substring(0, 8));
      tx.execute("INSERT INTO knowledge_bases (tenant_id, id, name, embedding_model) VALUES (?, ?, 'KB', 'test')", tenant.value(), kb);
      tx.execute("INSERT INTO kb_documents (tenant_id, id, knowledge_base_id, file_name, size_bytes, sha256, content) "
          + "VALUES (?, ?, ?, 'guide.md', 0, '', '\\x')", tenant.value(), document, kb);
    });
    return new Scope(tenant, kb, document);
  }
}
