package io.switchboard.nodes.ai;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/**
 * The platform's global prompt: a preamble (brand-safety, compliance rules) the superadmin sets,
 * put before the system prompt of every AI step (ask a model, agent, knowledge-base answer) of
 * every workspace. Its version goes into the step output, so a run shows which rules it ran under.
 */
@FunctionalInterface
public interface PlatformPrompts {

  Optional<Preamble> preambleFor(TenantId tenant);

  /** No preamble: system prompts are sent as the steps write them. */
  PlatformPrompts NONE = tenant -> Optional.empty();

  /** The preamble's text and its version (counted up at every change). */
  record Preamble(String text, int version) {
    public Preamble {
      text = text == null ? "" : text.strip();
    }
  }

  /** The system prompt with the preamble before it; empty when there is neither. */
  static String systemPrompt(Optional<Preamble> preamble, String stepInstructions) {
    String own = stepInstructions == null ? "" : stepInstructions.strip();
    String before = preamble.map(Preamble::text).orElse("");
    if (before.isEmpty()) {
      return own;
    }
    return own.isEmpty() ? before : before + "\n\n" + own;
  }

  /** A system prompt as a step's record shows it: the preamble it begins with named by its version. */
  static String withoutPreamble(Optional<Preamble> preamble, String systemPrompt) {
    String before = preamble.map(Preamble::text).orElse("");
    if (before.isEmpty() || !systemPrompt.startsWith(before)) {
      return systemPrompt;
    }
    return "[platform preamble, version " + preamble.get().version() + "]" + systemPrompt.substring(before.length());
  }

  /** Notes in a step's output which preamble version its prompts carried. */
  static void describe(tools.jackson.databind.node.ObjectNode out, Optional<Preamble> preamble) {
    preamble.filter(p -> !p.text().isEmpty()).ifPresent(p -> out.put("platformPreambleVersion", p.version()));
  }
}
