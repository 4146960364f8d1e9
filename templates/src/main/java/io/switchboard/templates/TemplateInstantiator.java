package io.switchboard.templates;

import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.WorkflowGraph;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fills a template's graph with a workspace's answers to its manifest: checks each answer (the
 * credential exists and is of the right type, the number is the workspace's, the link is a link)
 * and says in plain words what is missing or wrong; nothing is made until every answer holds.
 */
public final class TemplateInstantiator {

  private static final Pattern URL = Pattern.compile("^https://[^\\s]+$");

  /** What the workspace has, asked while checking answers. */
  public interface Workspace {
    boolean hasCredential(String id, String type);

    boolean ownsNumber(String e164);

    boolean hasKnowledgeBase(String id);

    boolean hasWorkflow(String id);
  }

  /** The filled graph and the answers used (defaults included), or the problems, one per input. */
  public sealed interface Outcome {
    record Ready(WorkflowGraph graph, Map<String, String> answers) implements Outcome {}

    record Missing(List<String> problems) implements Outcome {}
  }

  /** The answers used (defaults included) and what is missing or wrong, one line per input. */
  public record Checked(Map<String, String> answers, List<String> problems) {}

  /**
   * Checks the answers without making anything. A workflow input backed by a companion may be left
   * blank: the companion is made for it.
   */
  public Checked check(TemplateManifest manifest, Map<String, String> answers, Workspace workspace) {
    List<String> problems = new ArrayList<>();
    Map<String, String> used = new LinkedHashMap<>();
    for (TemplateManifest.Input input : manifest.inputs()) {
      String value = Optional.ofNullable(answers.get(input.key())).map(String::strip).filter(v -> !v.isEmpty())
          .orElse(input.defaultValue() == null ? "" : input.defaultValue());
      if (value.isEmpty()) {
        boolean madeForIt = input.companion() != null && manifest.companion(input.companion()).isPresent();
        if (input.required() && !madeForIt) {
          problems.add(missing(input));
        }
        continue;
      }
      Optional<String> wrong = check(input, value, workspace);
      if (wrong.isPresent()) {
        problems.add(wrong.get());
        continue;
      }
      used.put(input.key(), value);
    }
    return new Checked(used, problems);
  }

  public Outcome fill(WorkflowGraph graph, TemplateManifest manifest, Map<String, String> answers, Workspace workspace) {
    Checked checked = check(manifest, answers, workspace);
    if (!checked.problems().isEmpty()) {
      return new Outcome.Missing(checked.problems());
    }
    return new Outcome.Ready(apply(graph, manifest, checked.answers(), ""), checked.answers());
  }

  /** A companion's graph with the answers its steps take (targets written {@code key/nodeId}). */
  public WorkflowGraph fillCompanion(TemplateManifest.Companion companion, WorkflowGraph graph, TemplateManifest manifest,
                                     Map<String, String> used) {
    return apply(graph, manifest, used, companion.key() + "/");
  }

  private static WorkflowGraph apply(WorkflowGraph graph, TemplateManifest manifest, Map<String, String> used, String prefix) {
    List<Node> nodes = new ArrayList<>();
    for (Node node : graph.nodes()) {
      ObjectNode config = node.config().deepCopy();
      for (TemplateManifest.Input input : manifest.inputs()) {
        if (!used.containsKey(input.key())) {
          continue;
        }
        for (TemplateManifest.Target target : input.targets()) {
          if (!target.nodeId().equals(prefix + node.id())) {
            continue;
          }
          if (target.replace() != null && !target.replace().isEmpty()) {
            config.put(target.field(), config.path(target.field()).asString("").replace(target.replace(), used.get(input.key())));
          } else {
            config.put(target.field(), used.get(input.key()));
          }
        }
      }
      nodes.add(new Node(node.id(), node.type(), node.name(), node.position(), config, node.options(), node.disabled()));
    }
    return new WorkflowGraph(graph.schemaVersion(), nodes, graph.edges(), graph.settings());
  }

  private static String missing(TemplateManifest.Input input) {
    return switch (input.kind()) {
      case CREDENTIAL -> "Choose " + article(input.label()) + " (" + types(input.credentialType()) + " credential); add one under Credentials if you have none.";
      case PHONE_NUMBER -> "Choose the phone number for \"" + input.label() + "\"; add one under Phone numbers if you have none.";
      case KNOWLEDGE_BASE -> "Choose the knowledge base for \"" + input.label() + "\"; create one and upload your documents first.";
      case CALCOM_LINK -> "Paste your Cal.com booking link for \"" + input.label() + "\".";
      case WORKFLOW -> "Choose the workflow for \"" + input.label() + "\".";
      case TEXT -> "Fill in \"" + input.label() + "\".";
    };
  }

  private static Optional<String> check(TemplateManifest.Input input, String value, Workspace workspace) {
    return switch (input.kind()) {
      case CREDENTIAL -> workspace.hasCredential(value, input.credentialType()) ? Optional.empty()
          : Optional.of("\"" + input.label() + "\" must be one of your " + types(input.credentialType()).substring(2) + " credentials.");
      case PHONE_NUMBER -> workspace.ownsNumber(value) ? Optional.empty()
          : Optional.of(value + " is not one of your workspace's numbers (\"" + input.label() + "\").");
      case KNOWLEDGE_BASE -> workspace.hasKnowledgeBase(value) ? Optional.empty()
          : Optional.of("\"" + input.label() + "\" must be one of your knowledge bases.");
      case WORKFLOW -> workspace.hasWorkflow(value) ? Optional.empty()
          : Optional.of("\"" + input.label() + "\" must be one of your workflows.");
      case CALCOM_LINK -> URL.matcher(value).matches() && value.length() <= 500 ? Optional.empty()
          : Optional.of("\"" + input.label() + "\" must be a link starting with https://, such as https://cal.com/your-name/30min.");
      case TEXT -> value.length() <= 5000 ? Optional.empty()
          : Optional.of("\"" + input.label() + "\" is longer than 5,000 characters.");
    };
  }

  /** "a twilio", or for "sendgrid,smtp" "a sendgrid or smtp". */
  private static String types(String credentialType) {
    return "a " + String.join(" or ", java.util.Arrays.stream(String.valueOf(credentialType).split(",")).map(String::strip).toList());
  }

  private static String article(String label) {
    return "\"" + label + "\"";
  }
}
