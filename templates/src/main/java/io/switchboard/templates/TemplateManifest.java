package io.switchboard.templates;

import java.util.List;
import java.util.Optional;

/**
 * What a template needs from the workspace that uses it: each input (a credential of a type, a
 * phone number, a knowledge base, the Cal.com link, a text value with a default) and the config
 * fields of the template's steps it fills.
 */
public record TemplateManifest(List<Input> inputs, List<Companion> companions) {

  public TemplateManifest {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    companions = companions == null ? List.of() : List.copyOf(companions);
  }

  public TemplateManifest(List<Input> inputs) {
    this(inputs, List.of());
  }

  public static TemplateManifest empty() {
    return new TemplateManifest(List.of());
  }

  public Optional<Companion> companion(String key) {
    return companions.stream().filter(c -> c.key().equals(key)).findFirst();
  }

  /**
   * A workflow shipped with the template that its main workflow runs (a specialist sub-workflow):
   * made alongside it, active, unless the workspace picks one of its own workflows for the input
   * naming it. Inputs fill its steps with targets written {@code key/nodeId}.
   */
  public record Companion(String key, String name, String description, tools.jackson.databind.JsonNode graph) {
    public Companion {
      description = description == null ? "" : description;
    }
  }

  public Optional<Input> input(String key) {
    return inputs.stream().filter(i -> i.key().equals(key)).findFirst();
  }

  /** What kind of value an input takes; the gallery offers the workspace's own of that kind. */
  public enum Kind { CREDENTIAL, PHONE_NUMBER, KNOWLEDGE_BASE, CALCOM_LINK, TEXT, WORKFLOW }

  /**
   * One input. {@code credentialType} for credentials ({@code twilio}, {@code sendgrid} …, or
   * several: {@code sendgrid,smtp}); {@code defaultValue} for text; {@code targets} the step fields
   * it fills; {@code companion} for a workflow input, the shipped workflow made when none is picked.
   */
  public record Input(String key, Kind kind, String label, String help, String credentialType, String defaultValue,
                      boolean required, List<Target> targets, String companion) {
    public Input {
      targets = targets == null ? List.of() : List.copyOf(targets);
      help = help == null ? "" : help;
    }

    public Input(String key, Kind kind, String label, String help, String credentialType, String defaultValue,
                 boolean required, List<Target> targets) {
      this(key, kind, label, help, credentialType, defaultValue, required, targets, null);
    }
  }

  /**
   * A config field of one step: {@code field} is a top-level field name of its config. With
   * {@code replace}, only that marker inside the field's text is replaced (a link inside a message).
   */
  public record Target(String nodeId, String field, String replace) {
    public Target(String nodeId, String field) {
      this(nodeId, field, null);
    }
  }
}
