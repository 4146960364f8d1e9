package io.switchboard.app.templates;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.messaging.PhoneNumberDirectory;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.messaging.CallEndedTrigger;
import io.switchboard.nodes.messaging.InboundMessageTrigger;
import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.templates.TemplateCatalog;
import io.switchboard.templates.TemplateExtractor;
import io.switchboard.templates.TemplateInstantiator;
import io.switchboard.templates.TemplateManifest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.PHONE_NUMBERS;

/**
 * Templates for workspaces: the gallery, making a ready workflow from a template (answers checked,
 * nothing made until they all hold), upgrades offered with a diff and applied only when accepted,
 * private templates; and for the superadmin, publishing (from scratch or from any workspace's
 * workflow, stripped of its credentials, numbers and knowledge bases), audited.
 */
@Service
public class TemplateService {

  private final TemplateCatalog catalog;
  private final TemplateExtractor extractor;
  private final TemplateInstantiator instantiator = new TemplateInstantiator();
  private final WorkflowService workflows;
  private final CredentialService credentials;
  private final PhoneNumberDirectory numbers;
  private final TenantDatabase db;
  private final AuditLog audit;
  private final Clock clock;
  private final io.switchboard.nodes.rag.KnowledgeBases knowledgeBases;
  private final io.switchboard.engine.graph.WorkflowJson workflowJson;

  public TemplateService(TemplateCatalog catalog, NodeCatalog nodeCatalog, WorkflowService workflows,
                         CredentialService credentials, PhoneNumberDirectory numbers, TenantDatabase db, AuditLog audit,
                         Clock clock, io.switchboard.nodes.rag.KnowledgeBases knowledgeBases,
                         io.switchboard.engine.graph.WorkflowJson workflowJson) {
    this.knowledgeBases = knowledgeBases;
    this.workflowJson = workflowJson;
    this.catalog = catalog;
    this.extractor = new TemplateExtractor(nodeCatalog);
    this.workflows = workflows;
    this.credentials = credentials;
    this.numbers = numbers;
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  /** A workflow made from a template: whether it is on, and why not when activation was asked and refused. */
  public record Instantiated(UUID workflowId, int version, boolean active, Optional<String> notActiveBecause,
                             List<ValidationProblem> problems, Optional<String> connectedNumber) {}

  /** Inputs that are missing or wrong, in plain words, one per input. */
  public static final class InputsMissing extends RuntimeException {
    private final List<String> problems;

    public InputsMissing(List<String> problems) {
      super("The template needs a few things first: " + String.join(" ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public Instantiated instantiate(SwitchboardUser user, UUID templateId, Optional<Integer> requestedVersion,
                                  Map<String, String> answers, Optional<String> name, boolean activate) {
    user.require(Role.MEMBER, "use templates");
    TemplateCatalog.Summary template = catalog.find(templateId, user.superadmin())
        .orElseThrow(() -> ApiException.notFound("template"));
    int version = requestedVersion.or(template::publishedVersion).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
        "not_published", "This template has no published version yet."));
    TemplateCatalog.Version v = catalog.version(templateId, version).filter(x -> user.superadmin() || !x.status().equals("draft"))
        .orElseThrow(() -> ApiException.notFound("template version"));
    Instantiated made = make(user, v.graph(), v.manifest(), answers, name.orElse(template.title()), template.description(),
        activate, Optional.of(new TemplateCatalog.Origin(templateId, version, Map.of())));
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "template.instantiated", "workflow",
        made.workflowId().toString(), Map.of("template", template.slug(), "version", version)));
    return made;
  }

  public Instantiated instantiatePrivate(SwitchboardUser user, UUID privateId, Map<String, String> answers,
                                         Optional<String> name, boolean activate) {
    user.require(Role.MEMBER, "use templates");
    TemplateCatalog.PrivateTemplate t = catalog.privateTemplates(user.tenantId()).stream().filter(p -> p.id().equals(privateId))
        .findFirst().orElseThrow(() -> ApiException.notFound("template"));
    return make(user, t.graph(), t.manifest(), answers, name.orElse(t.title()), t.description(), activate, Optional.empty());
  }

  private Instantiated make(SwitchboardUser user, WorkflowGraph graph, TemplateManifest manifest, Map<String, String> answers,
                            String name, String description, boolean activate, Optional<TemplateCatalog.Origin> origin) {
    TemplateInstantiator.Checked checked = instantiator.check(manifest, answers, workspace(user));
    if (!checked.problems().isEmpty()) {
      throw new InputsMissing(checked.problems());
    }
    // every answer holds: the companions left to make (specialist sub-workflows) are made first, active
    Map<String, String> withCompanions = new java.util.LinkedHashMap<>(answers);
    for (TemplateManifest.Input input : manifest.inputs()) {
      Optional<TemplateManifest.Companion> companion = Optional.ofNullable(input.companion()).flatMap(manifest::companion);
      if (companion.isEmpty() || checked.answers().containsKey(input.key())) {
        continue;
      }
      WorkflowGraph companionGraph = instantiator.fillCompanion(companion.get(), workflowJson.read(companion.get().graph()),
          manifest, checked.answers());
      WorkflowService.Saved made = workflows.create(user.tenantId(), Optional.of(user.userId()), companion.get().name(),
          companion.get().description(), companionGraph, "Made with the template \"" + name + "\"");
      workflows.activate(user.tenantId(), made.workflowId(), made.version());
      withCompanions.put(input.key(), made.workflowId().toString());
    }
    TemplateInstantiator.Outcome outcome = instantiator.fill(graph, manifest, withCompanions, workspace(user));
    if (outcome instanceof TemplateInstantiator.Outcome.Missing missing) {
      throw new InputsMissing(missing.problems());
    }
    TemplateInstantiator.Outcome.Ready ready = (TemplateInstantiator.Outcome.Ready) outcome;
    WorkflowService.Saved saved = workflows.create(user.tenantId(), Optional.of(user.userId()), name, description,
        ready.graph(), "Made from a template");
    // Only what the workspace answered (and the companions made) is kept: defaults come from whichever version is applied.
    origin.ifPresent(o -> catalog.recordOrigin(user.tenantId(), saved.workflowId(),
        new TemplateCatalog.Origin(o.templateId(), o.version(), given(ready.answers(), withCompanions))));
    boolean active = false;
    Optional<String> why = Optional.empty();
    Optional<String> connected = Optional.empty();
    if (activate) {
      try {
        workflows.activate(user.tenantId(), saved.workflowId(), saved.version());
        active = true;
        connected = connectNumber(user, manifest, ready, saved.workflowId());
      } catch (WorkflowService.Refused refused) {
        why = Optional.of(refused.getMessage());
      }
    }
    return new Instantiated(saved.workflowId(), saved.version(), active, why, saved.problems(), connected);
  }

  // A template answering inbound messages or calls goes live on the number it was given.
  private Optional<String> connectNumber(SwitchboardUser user, TemplateManifest manifest,
                                         TemplateInstantiator.Outcome.Ready ready, UUID workflowId) {
    boolean messages = ready.graph().nodes().stream().map(Node::type).anyMatch(InboundMessageTrigger.KEY::equals);
    boolean calls = ready.graph().nodes().stream().map(Node::type).anyMatch(CallEndedTrigger.KEY::equals);
    if (!messages && !calls) {
      return Optional.empty();
    }
    Optional<String> number = manifest.inputs().stream().filter(i -> i.kind() == TemplateManifest.Kind.PHONE_NUMBER)
        .map(i -> ready.answers().get(i.key())).filter(v -> v != null).findFirst();
    number.ifPresent(e164 -> db.runInTenant(user.tenantId(), tx -> {
      var update = tx.update(PHONE_NUMBERS).set(PHONE_NUMBERS.UPDATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      if (messages) {
        update = update.set(PHONE_NUMBERS.WORKFLOW_ID, workflowId);
      }
      if (calls) {
        update = update.set(PHONE_NUMBERS.VOICE_WORKFLOW_ID, workflowId);
      }
      update.where(PHONE_NUMBERS.E164.eq(e164)).execute();
      audit.record(tx, user, "phone_number.connected", "workflow", workflowId.toString(), Map.of("number", e164));
    }));
    return number;
  }

  private TemplateInstantiator.Workspace workspace(SwitchboardUser user) {
    TenantId tenant = user.tenantId();
    return new TemplateInstantiator.Workspace() {
      @Override
      public boolean hasCredential(String id, String type) {
        try {
          // a type like "sendgrid,smtp" accepts either
          return credentials.find(tenant, UUID.fromString(id))
              .filter(c -> type == null || java.util.Arrays.stream(type.split(",")).map(String::strip).anyMatch(c.type()::equals))
              .isPresent();
        } catch (IllegalArgumentException e) {
          return false;
        }
      }

      @Override
      public boolean ownsNumber(String e164) {
        return PhoneNumbers.normalise(e164).flatMap(n -> numbers.find(tenant, n)).isPresent();
      }

      @Override
      public boolean hasKnowledgeBase(String id) {
        try {
          return knowledgeBases.find(tenant, UUID.fromString(id)).isPresent();
        } catch (IllegalArgumentException e) {
          return false;
        }
      }

      @Override
      public boolean hasWorkflow(String id) {
        try {
          return workflows.find(tenant, UUID.fromString(id)).isPresent();
        } catch (IllegalArgumentException e) {
          return false;
        }
      }
    };
  }

  /** Applies the newer published version to a workflow made from an older one, with the answers given then. */
  public WorkflowService.Saved upgrade(SwitchboardUser user, UUID workflowId, Map<String, String> extraAnswers) {
    user.require(Role.MEMBER, "upgrade workflows");
    TemplateCatalog.Upgrade upgrade = catalog.upgradeFor(user.tenantId(), workflowId).orElseThrow(() -> new ApiException(
        HttpStatus.CONFLICT, "no_upgrade", "There is no newer version of this workflow's template."));
    TemplateCatalog.Origin origin = catalog.origin(user.tenantId(), workflowId).orElseThrow();
    TemplateCatalog.Version next = catalog.version(upgrade.templateId(), upgrade.toVersion()).orElseThrow();
    Map<String, String> answers = new java.util.HashMap<>(origin.answers());
    answers.putAll(extraAnswers);
    TemplateInstantiator.Outcome outcome = instantiator.fill(next.graph(), next.manifest(), answers, workspace(user));
    if (outcome instanceof TemplateInstantiator.Outcome.Missing missing) {
      throw new InputsMissing(missing.problems());
    }
    TemplateInstantiator.Outcome.Ready ready = (TemplateInstantiator.Outcome.Ready) outcome;
    WorkflowService.Saved saved = workflows.save(user.tenantId(), workflowId, Optional.of(user.userId()), ready.graph(),
        "Upgraded to template version " + upgrade.toVersion(), Optional.empty());
    catalog.recordOrigin(user.tenantId(), workflowId, new TemplateCatalog.Origin(upgrade.templateId(), upgrade.toVersion(),
        given(ready.answers(), answers)));
    if (workflows.find(user.tenantId(), workflowId).flatMap(WorkflowService.Summary::activeVersion).isPresent()) {
      workflows.activate(user.tenantId(), workflowId, saved.version()); // an active workflow stays active, upgraded
    }
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "template.upgraded", "workflow", workflowId.toString(),
        Map.of("from", upgrade.fromVersion(), "to", upgrade.toVersion())));
    return saved;
  }

  private static Map<String, String> given(Map<String, String> used, Map<String, String> answered) {
    Map<String, String> kept = new java.util.LinkedHashMap<>();
    used.forEach((k, v) -> {
      String a = answered.get(k);
      if (a != null && !a.isBlank()) {
        kept.put(k, v);
      }
    });
    return kept;
  }

  /** The superadmin publishes a workspace's workflow as a new template (a draft, stripped, with inferred inputs). */
  public UUID publishFromWorkflow(SwitchboardUser user, TenantId owner, UUID workflowId, String slug, String title,
                                  String description, String category) {
    user.requireSuperadmin("publish templates");
    WorkflowGraph graph = latestGraph(owner, workflowId);
    TemplateExtractor.Extracted extracted = extractor.extract(graph);
    UUID id = catalog.create(slug, title, description, category, extracted.graph(), extracted.manifest(),
        "Published from a workflow of workspace " + owner);
    db.runInTenant(owner, tx -> audit.record(tx, owner, new AuditLog.Actor(user.userId(), user.email()),
        "template.published_from_workflow", "workflow", workflowId.toString(), Map.of("template", slug)));
    return id;
  }

  /** A workspace keeps one of its workflows as a private template. */
  public UUID savePrivate(SwitchboardUser user, UUID workflowId, String title, String description, String category) {
    user.require(Role.ADMIN, "save templates");
    TemplateExtractor.Extracted extracted = extractor.extract(latestGraph(user.tenantId(), workflowId));
    UUID id = catalog.savePrivate(user.tenantId(), Optional.of(user.userId()), title, description, category,
        extracted.graph(), extracted.manifest());
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "template.saved_private", "workflow", workflowId.toString(),
        Map.of("title", title)));
    return id;
  }

  private WorkflowGraph latestGraph(TenantId tenant, UUID workflowId) {
    WorkflowService.Summary summary = workflows.find(tenant, workflowId).orElseThrow(() -> ApiException.notFound("workflow"));
    return workflows.graph(tenant, workflowId, summary.latestVersion()).orElseThrow(() -> ApiException.notFound("workflow"));
  }
}
