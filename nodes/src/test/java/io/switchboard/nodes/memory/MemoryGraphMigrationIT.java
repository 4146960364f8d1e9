package io.switchboard.nodes.memory;

import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V13 moves the flat contact facts of V6 into the memory graph, as the migration owner (a role
 * row-level security applies to): the contact becomes the subject, the attribute the relation, the
 * value an entity; closed facts stay closed.
 */
class MemoryGraphMigrationIT {

  @Test
  void shouldMoveContactFactsIntoTheGraph() throws Exception {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary()) {
      try (Connection c = postgres.adminDataSource().getConnection(); Statement s = c.createStatement();
           InputStream roles = SchemaMigrator.class.getResourceAsStream("/db/bootstrap/roles.sql")) {
        s.execute(new String(roles.readAllBytes(), StandardCharsets.UTF_8));
      }
      Flyway.configure().dataSource(postgres.adminDataSource()).locations("classpath:db/migration")
          .initSql("SET ROLE " + SchemaMigrator.OWNER_ROLE).target("11").load().migrate();
      try (Connection c = postgres.adminDataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("""
            INSERT INTO tenants (id, name, slug) VALUES ('00000000-0000-0000-0000-00000000000a', 'A', 'tenant-a'),
              ('00000000-0000-0000-0000-00000000000b', 'B', 'tenant-b');
            INSERT INTO contacts (tenant_id, id, first_name) VALUES
              ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-0000000000c1', 'Dana'),
              ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-0000000000c2', 'Lee');
            INSERT INTO contact_facts (tenant_id, id, contact_id, attribute, value, valid_from, valid_to, source) VALUES
              ('00000000-0000-0000-0000-00000000000a', gen_random_uuid(), '00000000-0000-0000-0000-0000000000c1', 'preferred_day',
               'Tuesday', '2026-01-01', '2026-02-01', 'sms'),
              ('00000000-0000-0000-0000-00000000000a', gen_random_uuid(), '00000000-0000-0000-0000-0000000000c1', 'preferred_day',
               'Friday', '2026-02-01', NULL, 'sms'),
              ('00000000-0000-0000-0000-00000000000b', gen_random_uuid(), '00000000-0000-0000-0000-0000000000c2', 'preferred_day',
               'friday', '2026-03-01', NULL, 'call');
            """);
      }
      SchemaMigrator.migrate(postgres.adminDataSource(), Optional.empty());
      List<String> rows = new ArrayList<>();
      try (Connection c = postgres.adminDataSource().getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("""
               SELECT c.first_name, subj.kind, f.relation, obj.name, f.valid_to IS NULL, f.source, subj.tenant_id = obj.tenant_id
                 FROM memory_facts f JOIN contacts c ON c.tenant_id = f.tenant_id AND c.id = f.contact_id
                 JOIN memory_entities subj ON subj.tenant_id = f.tenant_id AND subj.id = f.subject_id
                 JOIN memory_entities obj ON obj.tenant_id = f.tenant_id AND obj.id = f.object_id
                ORDER BY c.first_name, f.valid_from""")) {
        while (rs.next()) {
          rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " current=" + rs.getBoolean(5)
              + " " + rs.getString(6) + " sameTenant=" + rs.getBoolean(7));
        }
        assertThat(rows).containsExactly(
            "Dana contact preferred_day Tuesday current=false sms sameTenant=true",
            "Dana contact preferred_day Friday current=true sms sameTenant=true",
            "Lee contact preferred_day friday current=true call sameTenant=true");
        try (ResultSet old = s.executeQuery("SELECT to_regclass('contact_facts') IS NULL")) {
          old.next();
          assertThat(old.getBoolean(1)).as("contact_facts is gone").isTrue();
        }
      }
    }
  }
}
