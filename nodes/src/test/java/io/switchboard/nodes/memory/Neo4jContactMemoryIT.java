package io.switchboard.nodes.memory;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.ContactMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The contact-memory contract on an in-process Neo4j (neo4j-harness), reached over bolt by the official driver. */
class Neo4jContactMemoryIT extends ContactMemoryContract {

  static Neo4j neo4j;
  static Driver driver;
  static Neo4jContactMemory memory;

  @BeforeAll
  static void start() {
    try {
      neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
    } catch (RuntimeException | LinkageError e) {
      Assumptions.abort("the in-process Neo4j (neo4j-harness) did not start here: " + e);
    }
    driver = GraphDatabase.driver(neo4j.boltURI(), AuthTokens.none());
    memory = new Neo4jContactMemory(driver, Optional.empty()).ensureSchema();
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.close();
    }
    if (neo4j != null) {
      neo4j.close();
    }
  }

  @Override
  ContactMemory memory() {
    return memory;
  }

  @Override
  Scope contact(String name, Optional<TenantId> tenant) {
    return new Scope(tenant.orElseGet(TenantId::random), UUID.randomUUID());
  }

  @Test
  void shouldCarryTheTenantOnEveryNodeAndRelationship() {
    Scope s = contact("Kim");
    ContactMemory.Episode e = memory.addEpisode(s.tenant(), s.contact(), ContactMemory.EpisodeKind.MESSAGE, "I moved to Austin", MONDAY);
    memory.remember(s.tenant(), s.contact(), ContactMemory.Statement.about("city", "Austin"), MONDAY, Optional.of(e.id()), "sms");
    try (var session = driver.session()) {
      long untagged = session.run("MATCH (n) WHERE (n:MemoryEntity OR n:MemoryEpisode) AND n.tenantId IS NULL RETURN count(n) AS c")
          .single().get("c").asLong()
          + session.run("MATCH ()-[r]->() WHERE r.tenantId IS NULL RETURN count(r) AS c").single().get("c").asLong();
      assertThat(untagged).isZero();
      long mine = session.run("MATCH (e:MemoryEpisode {tenantId: $t})-[m:MENTIONS {tenantId: $t}]->(x:MemoryEntity {tenantId: $t}) "
          + "RETURN count(m) AS c", Map.of("t", s.tenant().value().toString())).single().get("c").asLong();
      assertThat(mine).as("the episode mentions the contact and Austin").isEqualTo(2);
    }
  }
}
