package io.switchboard.ui.templates;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.templates.TemplateManifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The template gallery for the signed-in workspace: the published templates and the workspace's own,
 * one template's graph and inputs, the workspace's numbers and knowledge bases to answer them with,
 * and making a workflow from a template. Refusals throw {@link io.switchboard.ui.workspace.Refused},
 * missing inputs with one detail line each.
 */
public interface TemplatesPort {

  List<Card> gallery();

  Optional<Template> template(UUID id, boolean own);

  List<Choice> phoneNumbers();

  List<Choice> knowledgeBases();

  /** Makes a workflow from the template with these answers (input key to value), switched on when asked and possible. */
  Made use(UUID id, boolean own, Map<String, String> answers, String workflowName, boolean activate);

  /** The new workflow; {@code notActiveBecause} says why it could not be switched on when that was asked. */
  record Made(UUID workflowId, boolean active, Optional<String> notActiveBecause) {}

  /** {@code own}: a template this workspace saved from one of its workflows. */
  record Card(UUID id, boolean own, String title, String description, String category) {}

  record Template(Card card, int version, WorkflowGraph graph, TemplateManifest manifest) {}

  record Choice(String value, String label) {}
}
