package io.switchboard.templates;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The templates Switchboard ships (under {@code seed-templates/}, listed in its {@code index.txt}),
 * published into the catalog at start: a missing one is created and published; one whose shipped
 * graph or manifest changed gets a new published version, which workspaces are then offered as an
 * upgrade. Unchanged ones are left alone, so this runs on every start of every node.
 */
public final class SeedTemplates {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WorkflowJson workflowJson;

  public SeedTemplates(WorkflowJson workflowJson) {
    this.workflowJson = workflowJson;
  }

  /** One shipped template. */
  public record Seed(String slug, String title, String description, String category, WorkflowGraph graph,
                     TemplateManifest manifest) {}

  public List<Seed> load() {
    List<Seed> seeds = new ArrayList<>();
    for (String file : read("seed-templates/index.txt").lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      JsonNode json = JSON.readTree(read("seed-templates/" + file));
      seeds.add(new Seed(json.path("slug").asString(), json.path("title").asString(), json.path("description").asString(""),
          json.path("category").asString("general"), workflowJson.read(json.path("graph")),
          JSON.treeToValue(json.path("manifest"), TemplateManifest.class)));
    }
    return seeds;
  }

  /** Publishes what is missing or changed; returns the slugs it created or updated. */
  public List<String> publish(TemplateCatalog catalog) {
    List<String> changed = new ArrayList<>();
    for (Seed seed : load()) {
      Optional<TemplateCatalog.Summary> existing = catalog.findBySlug(seed.slug());
      if (existing.isEmpty()) {
        try {
          catalog.create(seed.slug(), seed.title(), seed.description(), seed.category(), seed.graph(), seed.manifest(),
              "Shipped with Switchboard");
        } catch (TemplateCatalog.Refused raced) {
          continue; // another node created it a moment ago
        }
        TemplateCatalog.Summary created = catalog.findBySlug(seed.slug()).orElseThrow();
        catalog.setStatus(created.id(), 1, "published");
        changed.add(seed.slug());
        continue;
      }
      TemplateCatalog.Summary t = existing.get();
      TemplateCatalog.Version latest = catalog.version(t.id(), t.latestVersion()).orElseThrow();
      boolean same = workflowJson.write(latest.graph()).equals(workflowJson.write(seed.graph()))
          && JSON.valueToTree(latest.manifest()).equals(JSON.valueToTree(seed.manifest()));
      if (!same) {
        int version = catalog.addVersion(t.id(), seed.graph(), seed.manifest(), "Shipped with Switchboard");
        catalog.setStatus(t.id(), version, "published");
        changed.add(seed.slug());
      }
    }
    return changed;
  }

  private static String read(String resource) {
    try (InputStream in = SeedTemplates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the shipped template file " + resource + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
