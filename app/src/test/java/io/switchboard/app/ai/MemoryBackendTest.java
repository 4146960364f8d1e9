package io.switchboard.app.ai;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SWITCHBOARD_MEMORY_BACKEND: PostgreSQL by default; Neo4j needs its URI; anything else is refused in words. */
class MemoryBackendTest {

  @Test
  void shouldChoosePostgresByDefault() {
    assertThat(MemoryBackend.of("", "", "neo4j", "", "")).isInstanceOf(MemoryBackend.Postgres.class);
    assertThat(MemoryBackend.of(" PostgreSQL ", "", "neo4j", "", "")).isInstanceOf(MemoryBackend.Postgres.class);
  }

  @Test
  void shouldRefuseNeo4jWithoutItsAddressAndUnknownBackends() {
    assertThatThrownBy(() -> MemoryBackend.of("neo4j", " ", "neo4j", "secret", ""))
        .hasMessageContaining("SWITCHBOARD_NEO4J_URI is not set").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> MemoryBackend.of("redis", "", "neo4j", "", ""))
        .hasMessageContaining("use postgres or neo4j");
  }

  @Test
  void shouldOpenANeo4jDriverLazilyAndCloseIt() {
    // The driver connects on first use, so a backend for an address nothing listens on can be made and closed.
    try (MemoryBackend backend = MemoryBackend.of("neo4j", "bolt://127.0.0.1:1", "neo4j", "pw", "memory")) {
      assertThat(backend).isInstanceOfSatisfying(MemoryBackend.Neo4j.class, n -> assertThat(n.database()).isEqualTo("memory"));
      assertThatThrownBy(() -> backend.memory(null)).as("preparing the schema needs the server")
          .hasMessageContaining("Neo4j at bolt://127.0.0.1:1 (SWITCHBOARD_NEO4J_URI) could not be reached").hasMessageNotContaining("pw");
    }
  }
}
