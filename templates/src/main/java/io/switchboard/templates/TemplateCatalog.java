package io.switchboard.templates;

import io.switchboard.engine.graph.GraphDiff;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.TemplateVersionsRecord;
import org.jooq.JSONB;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.switchboard.schema.jooq.Tables.TEMPLATES;
import static io.switchboard.schema.jooq.Tables.TEMPLATE_VERSIONS;
import static io.switchboard.schema.jooq.Tables.TENANT_TEMPLATES;
import static io.switchboard.schema.jooq.Tables.WORKFLOWS;

/**
 * The template catalog: platform templates with versions (draft → published → deprecated) that
 * every workspace reads, and each workspace's private templates. Who may publish is the caller's
 * business (superadmins only); this class keeps the states honest.
 */
public final class TemplateCatalog {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");

  private final TenantDatabase db;
  private final WorkflowJson workflowJson;
  private final InstantSource clock;

  public TemplateCatalog(TenantDatabase db, WorkflowJson workflowJson, InstantSource clock) {
    this.db = db;
    this.workflowJson = workflowJson;
    this.clock = clock;
  }

  /** A template as the gallery lists it: its newest published version, or empty when none is. */
  public record Summary(UUID id, String slug, String title, String description, String category,
                        Optional<Integer> publishedVersion, int latestVersion, boolean platform) {}

  public record Version(UUID templateId, int version, String status, WorkflowGraph graph, TemplateManifest manifest,
                        String notes, Instant createdAt, Optional<Instant> publishedAt) {}

  /** A refusal in plain words with a stable code. */
  public static final class Refused extends RuntimeException {
    private final String code;

    public Refused(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Platform templates with a published version (for workspaces), or all of them (for superadmins). */
  public List<Summary> list(boolean includeUnpublished) {
    return summaries(org.jooq.impl.DSL.noCondition(), includeUnpublished);
  }

  public Optional<Summary> find(UUID id, boolean includeUnpublished) {
    return summaries(TEMPLATES.ID.eq(id), includeUnpublished).stream().findFirst();
  }

  public Optional<Summary> findBySlug(String slug) {
    return summaries(TEMPLATES.SLUG.eq(slug), true).stream().findFirst();
  }

  // One query: each template with its newest version and its published one.
  private List<Summary> summaries(org.jooq.Condition which, boolean includeUnpublished) {
    var latest = org.jooq.impl.DSL.max(TEMPLATE_VERSIONS.VERSION);
    var published = org.jooq.impl.DSL.max(TEMPLATE_VERSIONS.VERSION).filterWhere(TEMPLATE_VERSIONS.STATUS.eq("published"));
    return db.platform(tx -> tx.select(TEMPLATES.ID, TEMPLATES.SLUG, TEMPLATES.TITLE, TEMPLATES.DESCRIPTION,
            TEMPLATES.CATEGORY, latest, published)
        .from(TEMPLATES).leftJoin(TEMPLATE_VERSIONS).on(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(TEMPLATES.ID))
        .where(which)
        .groupBy(TEMPLATES.ID)
        .orderBy(TEMPLATES.CATEGORY, TEMPLATES.TITLE)
        .fetch()).stream()
        .map(r -> new Summary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
            Optional.ofNullable(r.value7()), r.value6() == null ? 0 : r.value6(), true))
        .filter(t -> includeUnpublished || t.publishedVersion().isPresent())
        .toList();
  }

  public Optional<Version> version(UUID templateId, int version) {
    return db.platform(tx -> tx.selectFrom(TEMPLATE_VERSIONS).where(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId))
        .and(TEMPLATE_VERSIONS.VERSION.eq(version)).fetchOptional()).map(this::version);
  }

  public List<Version> versions(UUID templateId) {
    return db.platform(tx -> tx.selectFrom(TEMPLATE_VERSIONS).where(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId))
        .orderBy(TEMPLATE_VERSIONS.VERSION).fetch()).map(this::version);
  }

  /** Creates a platform template with a first draft version. */
  public UUID create(String slug, String title, String description, String category, WorkflowGraph graph,
                     TemplateManifest manifest, String notes) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw new Refused("invalid_slug", "A template's short name is 2 to 63 lowercase letters, digits or dashes.");
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new Refused("invalid_title", "Give the template a title of at most 200 characters.");
    }
    if (findBySlug(slug).isPresent()) {
      throw new Refused("slug_taken", "A template called \"" + slug + "\" already exists; add a version to it instead.");
    }
    UUID id = UUID.randomUUID();
    OffsetDateTime now = now();
    db.platform(tx -> {
      tx.insertInto(TEMPLATES).set(TEMPLATES.ID, id).set(TEMPLATES.SLUG, slug).set(TEMPLATES.TITLE, title.strip())
          .set(TEMPLATES.DESCRIPTION, description == null ? "" : description.strip())
          .set(TEMPLATES.CATEGORY, category == null || category.isBlank() ? "general" : category.strip())
          .set(TEMPLATES.CREATED_AT, now).set(TEMPLATES.UPDATED_AT, now).execute();
      insertVersion(tx, id, 1, graph, manifest, notes, now);
      return null;
    });
    return id;
  }

  /** Adds a draft version (the next number). */
  public int addVersion(UUID templateId, WorkflowGraph graph, TemplateManifest manifest, String notes) {
    OffsetDateTime now = now();
    return db.platform(tx -> {
      if (!tx.fetchExists(TEMPLATES, TEMPLATES.ID.eq(templateId))) {
        throw new Refused("not_found", "There is no such template.");
      }
      Integer last = tx.select(org.jooq.impl.DSL.max(TEMPLATE_VERSIONS.VERSION)).from(TEMPLATE_VERSIONS)
          .where(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId)).fetchOne(0, Integer.class);
      int next = last == null ? 1 : last + 1;
      insertVersion(tx, templateId, next, graph, manifest, notes, now);
      tx.update(TEMPLATES).set(TEMPLATES.UPDATED_AT, now).where(TEMPLATES.ID.eq(templateId)).execute();
      return next;
    });
  }

  /** draft → published (older published versions become deprecated), or → deprecated. */
  public void setStatus(UUID templateId, int version, String status) {
    if (!List.of("published", "deprecated").contains(status)) {
      throw new Refused("invalid_status", "A version is published or deprecated.");
    }
    Version v = version(templateId, version).orElseThrow(() -> new Refused("not_found", "There is no such template version."));
    if (status.equals("published") && !v.status().equals("draft")) {
      throw new Refused("not_a_draft", "Only a draft can be published; version " + version + " is " + v.status() + ".");
    }
    OffsetDateTime now = now();
    db.platform(tx -> {
      if (status.equals("published")) {
        tx.update(TEMPLATE_VERSIONS).set(TEMPLATE_VERSIONS.STATUS, "deprecated")
            .where(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId)).and(TEMPLATE_VERSIONS.STATUS.eq("published")).execute();
      }
      tx.update(TEMPLATE_VERSIONS).set(TEMPLATE_VERSIONS.STATUS, status)
          .set(TEMPLATE_VERSIONS.PUBLISHED_AT, status.equals("published") ? now : v.publishedAt().map(this::utc).orElse(null))
          .where(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId)).and(TEMPLATE_VERSIONS.VERSION.eq(version)).execute();
      return null;
    });
  }

  /** Where a workspace's workflow came from: the template, its version and the answers given. */
  public record Origin(UUID templateId, int version, Map<String, String> answers) {}

  public Optional<Origin> origin(TenantId tenant, UUID workflowId) {
    return db.inTenant(tenant, tx -> tx.select(WORKFLOWS.TEMPLATE_ID, WORKFLOWS.TEMPLATE_VERSION, WORKFLOWS.TEMPLATE_INPUTS)
        .from(WORKFLOWS).where(WORKFLOWS.ID.eq(workflowId)).and(WORKFLOWS.TEMPLATE_ID.isNotNull()).fetchOptional())
        .map(r -> new Origin(r.value1(), r.value2(), r.value3() == null ? Map.of()
            : JSON.readValue(r.value3().data(), new tools.jackson.core.type.TypeReference<Map<String, String>>() {})));
  }

  public void recordOrigin(TenantId tenant, UUID workflowId, Origin origin) {
    db.runInTenant(tenant, tx -> tx.update(WORKFLOWS).set(WORKFLOWS.TEMPLATE_ID, origin.templateId())
        .set(WORKFLOWS.TEMPLATE_VERSION, origin.version())
        .set(WORKFLOWS.TEMPLATE_INPUTS, JSONB.valueOf(JSON.writeValueAsString(origin.answers())))
        .where(WORKFLOWS.ID.eq(workflowId)).execute());
  }

  /** A newer published version than the one a workflow came from, with what changed. */
  public record Upgrade(UUID templateId, int fromVersion, int toVersion, List<io.switchboard.engine.graph.GraphChange> changes) {}

  public Optional<Upgrade> upgradeFor(TenantId tenant, UUID workflowId) {
    Optional<Origin> origin = origin(tenant, workflowId);
    if (origin.isEmpty()) {
      return Optional.empty();
    }
    Optional<Summary> template = find(origin.get().templateId(), false);
    if (template.isEmpty() || template.get().publishedVersion().isEmpty()
        || template.get().publishedVersion().get() <= origin.get().version()) {
      return Optional.empty();
    }
    int to = template.get().publishedVersion().get();
    WorkflowGraph from = version(origin.get().templateId(), origin.get().version()).map(Version::graph).orElseThrow();
    WorkflowGraph next = version(origin.get().templateId(), to).map(Version::graph).orElseThrow();
    return Optional.of(new Upgrade(origin.get().templateId(), origin.get().version(), to, GraphDiff.between(from, next)));
  }

  // ---- a workspace's private templates

  public UUID savePrivate(TenantId tenant, Optional<UUID> actor, String title, String description, String category,
                          WorkflowGraph graph, TemplateManifest manifest) {
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new Refused("invalid_title", "Give the template a title of at most 200 characters.");
    }
    UUID id = UUID.randomUUID();
    db.runInTenant(tenant, tx -> tx.insertInto(TENANT_TEMPLATES).set(TENANT_TEMPLATES.TENANT_ID, tenant.value())
        .set(TENANT_TEMPLATES.ID, id).set(TENANT_TEMPLATES.TITLE, title.strip())
        .set(TENANT_TEMPLATES.DESCRIPTION, description == null ? "" : description.strip())
        .set(TENANT_TEMPLATES.CATEGORY, category == null || category.isBlank() ? "general" : category.strip())
        .set(TENANT_TEMPLATES.GRAPH, JSONB.valueOf(workflowJson.write(graph)))
        .set(TENANT_TEMPLATES.MANIFEST, JSONB.valueOf(JSON.writeValueAsString(manifest)))
        .set(TENANT_TEMPLATES.CREATED_BY, actor.orElse(null)).set(TENANT_TEMPLATES.CREATED_AT, now()).execute());
    return id;
  }

  public record PrivateTemplate(UUID id, String title, String description, String category, WorkflowGraph graph,
                                TemplateManifest manifest, Instant createdAt) {}

  public List<PrivateTemplate> privateTemplates(TenantId tenant) {
    return db.inTenant(tenant, tx -> tx.selectFrom(TENANT_TEMPLATES).orderBy(TENANT_TEMPLATES.TITLE).fetch())
        .map(r -> new PrivateTemplate(r.getId(), r.getTitle(), r.getDescription(), r.getCategory(), read(r.getGraph()),
            JSON.readValue(r.getManifest().data(), TemplateManifest.class), r.getCreatedAt().toInstant()));
  }

  private void insertVersion(org.jooq.DSLContext tx, UUID templateId, int version, WorkflowGraph graph,
                             TemplateManifest manifest, String notes, OffsetDateTime now) {
    tx.insertInto(TEMPLATE_VERSIONS).set(TEMPLATE_VERSIONS.TEMPLATE_ID, templateId).set(TEMPLATE_VERSIONS.VERSION, version)
        .set(TEMPLATE_VERSIONS.STATUS, "draft").set(TEMPLATE_VERSIONS.GRAPH, JSONB.valueOf(workflowJson.write(graph)))
        .set(TEMPLATE_VERSIONS.MANIFEST, JSONB.valueOf(JSON.writeValueAsString(manifest)))
        .set(TEMPLATE_VERSIONS.NOTES, notes == null ? "" : notes).set(TEMPLATE_VERSIONS.CREATED_AT, now).execute();
  }

  private Version version(TemplateVersionsRecord r) {
    return new Version(r.getTemplateId(), r.getVersion(), r.getStatus(), read(r.getGraph()),
        JSON.readValue(r.getManifest().data(), TemplateManifest.class), r.getNotes(), r.getCreatedAt().toInstant(),
        Optional.ofNullable(r.getPublishedAt()).map(OffsetDateTime::toInstant));
  }

  private WorkflowGraph read(JSONB json) {
    try {
      return workflowJson.read(json.data());
    } catch (io.switchboard.engine.graph.WorkflowFormatException e) {
      throw new IllegalStateException("a stored template graph no longer reads: " + e.getMessage(), e);
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
