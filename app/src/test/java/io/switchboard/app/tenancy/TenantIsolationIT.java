package io.switchboard.app.tenancy;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import io.switchboard.schema.SchemaMigrator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant A can neither see nor change tenant B's rows, in any tenant table, even with queries that
 * forget the tenant filter; and sees only its own rows through the REST API. Tables are enumerated
 * from the database catalog, so a table added later without row-level security fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT extends IntegrationTestBase {

  /** Tables the application role may not touch at all: platform directories and Flyway's own. */
  private static final Set<String> PLATFORM_TABLES = Set.of("flyway_schema_history", "login_emails", "number_directory",
      "stripe_events"); // Stripe event ids already processed (Stripe's ids, reached only through claim_stripe_event)

  /** The reviewed cross-tenant paths. A new SECURITY DEFINER function must be reviewed and added. */
  private static final Set<String> REVIEWED_DEFINER_FUNCTIONS = Set.of("auth_find_login", "auth_record_failure",
      "auth_claim_email", "auth_release_email", "platform_superadmin_exists", "platform_list_tenants",
      "route_inbound_number", "claim_phone_number", "release_phone_number",
      // the engine: claiming due waits (with their executions' state, resumed and written in each one's tenant) and
      // dead runners' executions of all tenants, and retention
      "claim_due_with_state", "claim_stale_executions", "prune_finished_executions",
      // provider events left unprocessed by a crash: returns only their keys, read in the tenant afterwards
      "pending_provider_events",
      // knowledge-base documents a restart interrupted: returns only their keys, ingested in the tenant afterwards
      "pending_kb_documents",
      // billing: record a Stripe event id as processed (no tenant data); the workspace of a Stripe customer (its id
      // only, from the verified event); workspaces whose grace period ended and those with usage to report (ids only)
      "claim_stripe_event", "billing_tenant_of_customer", "billing_grace_expired", "billing_usage_due",
      // an invitation link's workspace and user, found by the SHA-256 of the link's secret (no other data)
      "invitation_by_token",
      // the superadmin's revenue figures: per workspace what platform_list_tenants gives of it (name, plan,
      // status), its subscription status, plan price and invoice totals (sums only)
      "platform_revenue");

  /** Quartz's job store: the application uses it directly; it holds timing, not tenant data. */
  private static boolean schedulerTable(String table) {
    return table.startsWith("qrtz_");
  }

  /**
   * Platform-authored content every workspace reads (the template catalog, published by superadmins):
   * no row-level security, and they must hold no tenant's data (checked: no tenant_id column).
   */
  private static final Set<String> SHARED_CATALOG_TABLES = Set.of("templates", "template_versions", "plans",
      "feature_flags"); // the platform's flag definitions (its allow and deny lists name workspaces by id only)

  /**
   * Platform state the application keeps for every workspace alike, holding no workspace data: the
   * API rate limiter's token buckets (keyed by a number derived from the workspace id).
   */
  private static final Set<String> PLATFORM_STATE_TABLES = Set.of("api_rate_buckets",
      // the built-in sandbox Stripe account's objects and idempotent answers: the platform's own stand-in for
      // Stripe (what Stripe would hold about its customers), keyed by Stripe-style ids
      "sandbox_stripe_objects", "sandbox_stripe_requests",
      // the built-in sandbox Twilio's incoming numbers (what Twilio would hold for its accounts), keyed by Twilio sids
      "sandbox_twilio_numbers",
      // the superadmin's platform AI settings (default model with its sealed key, global prompt): one row, no workspace's
      "platform_ai_settings");

  /** Indexes that may lead with another column, each for a stated reason. */
  private static final Set<String> GLOBAL_KEYS = Set.of(
      "tenants_pkey",       // the tenant id itself
      "tenants_slug_key",   // a workspace address names one tenant platform-wide
      "wakeups_due_idx",    // the sweeper claims due waits of all tenants in due order
      "invitations_token_hash_key"); // an invitation link (a random secret's hash) names one invitation platform-wide

  private record Tenant(UUID id, String token, String email, UUID contactId, UUID apiKeyId, UUID userId) {}

  private Tenant a;
  private Tenant b;

  @BeforeAll
  void twoTenantsWithRowsInEveryTable() throws SQLException {
    a = createTenant("Alpha Plumbing");
    b = createTenant("Beta Dental");
    try (Connection c = TestPostgres.server().adminDataSource().getConnection()) {
      seed(c, a);
      seed(c, b);
    }
  }

  @Test
  void shouldConnectTheApplicationAsARoleThatOwnsNothingAndCannotBypassRls() throws SQLException {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement(
             "select rolsuper, rolbypassrls, (select count(*) from pg_class where relowner = r.oid) from pg_roles r where rolname = ?")) {
      ps.setString(1, SchemaMigrator.APP_ROLE);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("superuser").isFalse();
        assertThat(rs.getBoolean(2)).as("bypassrls").isFalse();
        assertThat(rs.getLong(3)).as("relations owned").isZero();
      }
    }
  }

  @Test
  void shouldForceRowLevelSecurityOnEveryTableTheApplicationCanReach() throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Connection c = TestPostgres.server().adminDataSource().getConnection()) {
      for (String table : appTables(c)) {
        try (PreparedStatement ps = c.prepareStatement("""
            select c.relrowsecurity, c.relforcerowsecurity,
                   (select count(*) from pg_policy p where p.polrelid = c.oid),
                   (select a.attname from pg_index i join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
                     where i.indrelid = c.oid and i.indisprimary)
            from pg_class c where c.oid = ('public.' || ?)::regclass""")) {
          ps.setString(1, table);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) problems.add(table + ": row-level security not enabled");
            if (!rs.getBoolean(2)) problems.add(table + ": row-level security not forced");
            if (rs.getLong(3) == 0) problems.add(table + ": no policy");
            String expected = table.equals("tenants") ? "id" : "tenant_id";
            if (!expected.equals(rs.getString(4))) problems.add(table + ": primary key does not start with " + expected);
          }
        }
        try (PreparedStatement ps = c.prepareStatement("""
            select i.indexrelid::regclass::text, a.attname
            from pg_index i left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
            where i.indrelid = ('public.' || ?)::regclass""")) {
          ps.setString(1, table);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String index = rs.getString(1);
              if (!GLOBAL_KEYS.contains(index) && !"tenant_id".equals(rs.getString(2))) {
                problems.add(table + ": index " + index + " does not start with tenant_id");
              }
            }
          }
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
          select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('v', 'm')
            and has_table_privilege('switchboard_app', c.oid, 'SELECT')
            and not coalesce('security_invoker=true' = any(c.reloptions), false)""")) {
        while (rs.next()) problems.add("view " + rs.getString(1) + " is readable by the application and bypasses RLS");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldExposeOnlyReviewedCrossTenantFunctions() throws SQLException {
    Set<String> found = new TreeSet<>();
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("""
             select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = 'public' and p.prosecdef
               and has_function_privilege('switchboard_app', p.oid, 'EXECUTE')""")) {
      while (rs.next()) found.add(rs.getString(1));
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(REVIEWED_DEFINER_FUNCTIONS);
  }

  @Test
  void shouldHideAndProtectOtherTenantsRowsInEveryTable() throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Connection admin = TestPostgres.server().adminDataSource().getConnection();
         Connection app = TestPostgres.server().dataSourceFor(SchemaMigrator.APP_ROLE).getConnection()) {
      List<String> tables = appTables(admin);
      assertThat(tables).contains("tenants", "users", "contacts", "executions", "audit_log");
      app.setAutoCommit(false);
      for (String table : tables) {
        String key = table.equals("tenants") ? "id" : "tenant_id";
        assertThat(count(admin, "select count(*) from " + table + " where " + key + " = '" + b.id() + "'"))
            .as("fixture rows of tenant B in %s (add them to seed())", table).isPositive();

        scope(app, null);
        if (count(app, "select count(*) from " + table) != 0) problems.add(table + ": rows visible with no tenant set");

        scope(app, a.id());
        if (count(app, "select count(*) from " + table) == 0) problems.add(table + ": A cannot see its own rows");
        if (count(app, "select count(*) from " + table + " where " + key + " <> '" + a.id() + "'") != 0) {
          problems.add(table + ": A sees another tenant's rows");
        }
        expectNoRowsOrRefused(app, "update " + table + " set " + key + " = " + key + " where " + key + " = '" + b.id() + "'",
            table + ": A updated B's rows", problems);
        expectNoRowsOrRefused(app, "delete from " + table + " where " + key + " = '" + b.id() + "'",
            table + ": A deleted B's rows", problems);
        expectRefused(app, "update " + table + " set " + key + " = '" + b.id() + "' where " + key + " = '" + a.id() + "'",
            table + ": A moved a row to B", problems);
        expectRefused(app, "insert into " + table + " overriding system value select (jsonb_populate_record(null::" + table
                + ", to_jsonb(x) || jsonb_build_object('" + key + "', '" + b.id() + "'))).* from " + table + " x limit 1",
            table + ": A inserted a row carrying B's id", problems);
        app.rollback();
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldAnswerNotFoundForAnotherTenantsIdsThroughTheApi() {
    ApiClient api = api();
    assertThat(api.get("/api/v1/contacts/" + b.contactId(), a.token()).status()).isEqualTo(404);
    assertThat(api.patch("/api/v1/contacts/" + b.contactId(), Map.of("firstName", "Hijacked"), a.token()).status())
        .isEqualTo(404);
    assertThat(api.delete("/api/v1/contacts/" + b.contactId(), a.token()).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/contacts/" + b.contactId(), b.token()).text("firstName")).isEqualTo("Contact of " + b.email());
    assertThat(api.get("/api/v1/users/" + b.userId(), a.token()).status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/api-keys/" + b.apiKeyId(), a.token()).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/tenants", a.token()).status()).as("non-superadmin listing tenants").isEqualTo(403);
  }

  @Test
  void shouldListOnlyTheCallersOwnRowsThroughTheApi() {
    ApiClient api = api();
    String bIds = String.join(" ", b.id().toString(), b.contactId().toString(), b.apiKeyId().toString(),
        b.userId().toString(), b.email());
    for (String path : List.of("/api/v1/contacts", "/api/v1/users", "/api/v1/api-keys", "/api/v1/audit-log",
        "/api/v1/billing", "/api/v1/billing/invoices",
        "/api/v1/tenant", "/api/v1/me")) {
      ApiClient.Response response = api.get(path, a.token());
      assertThat(response.status()).as(path).isEqualTo(200);
      String body = response.body().toString();
      for (String id : bIds.split(" ")) {
        assertThat(body).as("%s answered to tenant A", path).doesNotContain(id);
      }
    }
    assertThat(api.get("/api/v1/contacts", a.token()).body()).hasSize(1);
    assertThat(api.get("/api/v1/tenant", a.token()).text("id")).isEqualTo(a.id().toString());
  }

  private Tenant createTenant(String company) {
    ApiClient api = api();
    String email = uniqueEmail(company.split(" ")[0].toLowerCase());
    String token = api.signUpAndToken(company, email, "tenant-password-1");
    ApiClient.Response me = api.get("/api/v1/me", token);
    UUID contact = UUID.fromString(api.post("/api/v1/contacts",
        Map.of("firstName", "Contact of " + email, "phone", "+1555" + (1000000 + (int) (Math.random() * 8999999))), token)
        .text("id"));
    UUID key = UUID.fromString(api.post("/api/v1/api-keys", Map.of("name", "ci"), token).text("id"));
    return new Tenant(UUID.fromString(me.text("tenantId")), token, email, contact, key, UUID.fromString(me.text("userId")));
  }

  // Rows for the tables no REST endpoint writes yet, inserted as the superuser.
  private static void seed(Connection c, Tenant t) throws SQLException {
    UUID workflow = UUID.randomUUID();
    UUID execution = UUID.randomUUID();
    UUID kb = UUID.randomUUID();
    UUID document = UUID.randomUUID();
    String[] statements = {
        "insert into workflows (tenant_id, id, name, latest_version) values (?, '" + workflow + "', 'Seeded', 1)",
        "insert into workflow_versions (tenant_id, workflow_id, version, graph) values (?, '" + workflow + "', 1, '{}')",
        "insert into executions (tenant_id, id, workflow_id, workflow_version, status, trigger_kind) values (?, '"
            + execution + "', '" + workflow + "', 1, 'waiting', 'manual')",
        "insert into execution_steps (tenant_id, execution_id, seq, node_id, status, started_at) values (?, '"
            + execution + "', 1, 'start', 'succeeded', now())",
        "insert into wakeups (tenant_id, execution_id, token_id, due_at) values (?, '" + execution + "', 't2', now() + interval '100 years')",
        "insert into step_effects (tenant_id, idempotency_key, execution_id, result) values (?, '" + execution + ":t2:1', '"
            + execution + "', '{}')",
        "insert into credentials (tenant_id, id, name, type, key_id, nonce, ciphertext) values (?, gen_random_uuid(), 'seed', 'twilio', 'k1', '\\x00', '\\x00')",
        "insert into phone_numbers (tenant_id, id, e164) values (?, gen_random_uuid(), '+1555" + (1000000 + (int) (Math.random() * 8999999)) + "')",
        "insert into messages (tenant_id, id, channel, direction, from_address, to_address) values (?, gen_random_uuid(), 'sms', 'inbound', '+15550000001', '+15550000002')",
        "insert into messages (tenant_id, id, channel, direction, from_address, to_address, subject) values (?, '" + execution + "', 'email', 'outbound', 'a@seed.test', 'b@seed.test', 'seeded')",
        "insert into email_tracking_events (tenant_id, id, message_id, kind) values (?, gen_random_uuid(), '" + execution + "', 'open')",
        "insert into provider_events (tenant_id, id, provider, event_type, event_id, payload) values (?, gen_random_uuid(), 'twilio', 'message', 'SM" + execution + "', '{}')",
        "insert into sandbox_outbox (tenant_id, id, channel, provider_id) values (?, gen_random_uuid(), 'sms', 'SM" + execution + "')",
        "insert into usage_counters (tenant_id, metric, period_start, value) values (?, 'executions', date '2026-01-01', 1)",
        "insert into admission_refusals (tenant_id, id, trigger_kind, code, reason) values (?, gen_random_uuid(), 'webhook', 'quota_exceeded', 'seeded')",
        "insert into tenant_templates (tenant_id, id, title, graph, manifest) values (?, gen_random_uuid(), 'Mine', '{}', '{}')",
        "insert into contact_activities (tenant_id, id, contact_id, kind, summary) values (?, gen_random_uuid(), '" + t.contactId() + "', 'note', 'seeded')",
        "insert into knowledge_bases (tenant_id, id, name, embedding_model) values (?, '" + kb + "', 'Seeded', 'all-minilm-l6-v2')",
        "insert into kb_documents (tenant_id, id, knowledge_base_id, file_name, size_bytes, sha256, content, status) values (?, '"
            + document + "', '" + kb + "', 'seed.txt', 4, 'x', '\\x00', 'indexed')",
        "insert into kb_chunks (tenant_id, id, knowledge_base_id, document_id, ordinal, content, token_count, embedding, tsv) values (?, "
            + "gen_random_uuid(), '" + kb + "', '" + document + "', 0, 'seeded passage', 2, '\\x0000803f', to_tsvector('seeded passage'))",
        "insert into ai_usage (tenant_id, id, provider, model, input_tokens, output_tokens) values (?, gen_random_uuid(), 'sandbox', 'sandbox', 1, 1)",
        "insert into billing_accounts (tenant_id, stripe_customer_id) values (?, 'cus_seed_" + execution + "')",
        "insert into invoices (tenant_id, id, status, created_at) values (?, 'in_seed_" + execution + "', 'paid', now())",
        "insert into billing_usage_reports (tenant_id, period_start, executions, identifier) values (?, date '2026-01-01', 1, 'seed')",
        "insert into invitations (tenant_id, id, user_id, token_hash, expires_at) values (?, gen_random_uuid(), '" + t.userId()
            + "', 'seed-" + execution + "', now())",
        "insert into tenant_feature_flags (tenant_id, flag_key, enabled) values (?, 'sms_followup', false)",
        "insert into business_hours (tenant_id, weekdays, opens_at, closes_at) values (?, '{1,2,3}', '08:00', '16:00')",
        "insert into webhook_signatures (tenant_id, signature, workflow_id, received_at) values (?, '\\x01', '"
            + workflow + "', now())",
        "insert into memory_entities (tenant_id, id, name, name_key, kind) values (?, '" + execution + "', 'Seeded', 'seeded', 'value')",
        "insert into memory_episodes (tenant_id, id, contact_id, kind, content, occurred_at) values (?, '" + execution + "', '"
            + t.contactId() + "', 'note', 'seeded', now())",
        "insert into memory_facts (tenant_id, id, contact_id, subject_id, relation, object_id, valid_from, episode_id) values (?, "
            + "gen_random_uuid(), '" + t.contactId() + "', '" + execution + "', 'seeded', '" + execution + "', now(), '" + execution + "')",
    };
    for (String sql : statements) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setObject(1, t.id());
        ps.executeUpdate();
      }
    }
  }

  private static List<String> appTables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and has_table_privilege('switchboard_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
        order by 1""")) {
      while (rs.next()) {
        if (!schedulerTable(rs.getString(1)) && !SHARED_CATALOG_TABLES.contains(rs.getString(1))
            && !PLATFORM_STATE_TABLES.contains(rs.getString(1))) tables.add(rs.getString(1));
      }
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')""")) {
      while (rs.next()) {
        String table = rs.getString(1);
        assertThat(tables.contains(table) || PLATFORM_TABLES.contains(table) || schedulerTable(table)
            || SHARED_CATALOG_TABLES.contains(table) || PLATFORM_STATE_TABLES.contains(table))
            .as("table %s is neither reachable by the application nor a known platform table", table).isTrue();
      }
    }
    for (String shared : java.util.stream.Stream.concat(SHARED_CATALOG_TABLES.stream(), PLATFORM_STATE_TABLES.stream()).toList()) {
      try (PreparedStatement ps = c.prepareStatement(
          "select count(*) from information_schema.columns where table_schema = 'public' and table_name = ? and column_name = 'tenant_id'")) {
        ps.setString(1, shared);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as("shared catalog table %s must not hold tenant data", shared).isZero();
        }
      }
    }
    return tables;
  }

  private static void scope(Connection app, UUID tenant) throws SQLException {
    try (PreparedStatement ps = app.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
      ps.setString(1, tenant == null ? "" : tenant.toString());
      ps.execute();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void expectNoRowsOrRefused(Connection app, String sql, String problem, List<String> problems)
      throws SQLException {
    Savepoint sp = app.setSavepoint();
    try (Statement s = app.createStatement()) {
      if (s.executeUpdate(sql) != 0) problems.add(problem);
    } catch (SQLException e) {
      if (!"42501".equals(e.getSQLState())) problems.add(problem + " failed oddly: " + e.getMessage());
    } finally {
      app.rollback(sp);
    }
  }

  private static void expectRefused(Connection app, String sql, String problem, List<String> problems) throws SQLException {
    Savepoint sp = app.setSavepoint();
    try (Statement s = app.createStatement()) {
      s.executeUpdate(sql);
      problems.add(problem);
    } catch (SQLException e) {
      if (!"42501".equals(e.getSQLState())) problems.add(problem + " refused for the wrong reason: " + e.getMessage());
    } finally {
      app.rollback(sp);
    }
  }
}
