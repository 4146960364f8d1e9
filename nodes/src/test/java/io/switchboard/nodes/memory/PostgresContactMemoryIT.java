package io.switchboard.nodes.memory;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.ContactMemory;
import io.switchboard.nodes.rag.AppRoleDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The contact-memory contract on a real PostgreSQL, reached as the application role (row-level security on). */
class PostgresContactMemoryIT extends ContactMemoryContract {

  static AppRoleDatabase database;
  static PostgresContactMemory memory;

  @BeforeAll
  static void start() {
    database = AppRoleDatabase.start();
    memory = new PostgresContactMemory(database.db);
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Override
  ContactMemory memory() {
    return memory;
  }

  @Override
  Scope contact(String name, Optional<TenantId> tenant) {
    TenantId t = tenant.orElseGet(() -> database.tenant(name));
    UUID contact = UUID.randomUUID();
    database.db.runInTenant(t, tx -> tx.execute("INSERT INTO contacts (tenant_id, id, first_name) VALUES (?, ?, ?)", t.value(),
        contact, name));
    return new Scope(t, contact);
  }

  @Test
  void shouldRefuseFactsAboutAContactOfAnotherWorkspace() {
    Scope a = contact("Alpha");
    Scope b = contact("Beta");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> memory.remember(b.tenant(), a.contact(), "budget", "0", MONDAY, "x"))
        .isInstanceOf(ContactMemory.UnknownContact.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> memory.addEpisode(b.tenant(), a.contact(), ContactMemory.EpisodeKind.NOTE,
        "x", MONDAY)).isInstanceOf(ContactMemory.UnknownContact.class);
    int rows = database.db.inTenant(b.tenant(), tx -> ((Number) tx.fetchValue("SELECT count(*) FROM memory_entities")).intValue());
    assertThat(rows).as("the refused fact left no entity behind").isZero();
  }
}
