package io.switchboard.app.ai;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.nodes.ai.ContactMemory;
import io.switchboard.nodes.memory.Neo4jContactMemory;
import io.switchboard.nodes.memory.PostgresContactMemory;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/**
 * Where contacts' memory graphs live ({@code SWITCHBOARD_MEMORY_BACKEND}): {@code postgres} (the
 * default) or {@code neo4j}, whose driver this owns and closes at shutdown.
 */
sealed interface MemoryBackend extends AutoCloseable {

  ContactMemory memory(TenantDatabase db);

  @Override
  void close();

  Logger LOG = LoggerFactory.getLogger(MemoryBackend.class);

  static MemoryBackend of(String backend, String uri, String user, String password, String database) {
    return switch (backend.strip().toLowerCase(Locale.ROOT)) {
      case "", "postgres", "postgresql" -> new Postgres();
      case "neo4j" -> {
        if (uri.isBlank()) {
          throw new IllegalStateException("SWITCHBOARD_MEMORY_BACKEND is neo4j but SWITCHBOARD_NEO4J_URI is not set "
              + "(such as bolt://localhost:7687).");
        }
        Driver driver = GraphDatabase.driver(uri, password.isEmpty() ? AuthTokens.none() : AuthTokens.basic(user, password));
        yield new Neo4j(driver, uri, database);
      }
      default -> throw new IllegalStateException("SWITCHBOARD_MEMORY_BACKEND is '" + backend + "'; use postgres or neo4j.");
    };
  }

  record Postgres() implements MemoryBackend {
    @Override
    public ContactMemory memory(TenantDatabase db) {
      return new PostgresContactMemory(db);
    }

    @Override
    public void close() {}
  }

  record Neo4j(Driver driver, String uri, String database) implements MemoryBackend {
    @Override
    public ContactMemory memory(TenantDatabase db) {
      Neo4jContactMemory memory;
      try {
        memory = new Neo4jContactMemory(driver, Optional.of(database)).ensureSchema();
      } catch (RuntimeException e) {
        throw new IllegalStateException("Neo4j at " + uri + " (SWITCHBOARD_NEO4J_URI) could not be reached or prepared: "
            + e.getMessage(), e);
      }
      // the address only: the password never reaches the log
      LOG.info("contacts' memory graphs are kept in Neo4j at {}{}", uri, database.isBlank() ? "" : " (database " + database + ")");
      return memory;
    }

    @Override
    public void close() {
      driver.close();
    }
  }
}
