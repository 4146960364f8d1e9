package io.switchboard.templates;

import java.util.List;
import java.util.Optional;

/**
 * What a template needs from the workspace that uses it: each input (a credential of a type, a
 * phone number, a knowledge base, the Cal.com link, a text value with a default) and the config
 * fields of the template's steps it fills.
 */
public record TemplateManifest(List<Input> inputs) {

  public TemplateManifest {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  public static TemplateManifest empty() {
    return new TemplateManifest(List.of());
  }

  public Optional<Input> input(String key) {
    return inputs.stream().filter(i -> i.key().equals(key)).findFirst();
  }

  /** What kind of value an input takes; the gallery offers the workspace's own of that kind. */
  public enum Kind { CREDENTIAL, PHONE_NUMBER, KNOWLEDGE_BASE, CALCOM_LINK, TEXT, WORKFLOW }

  /**
   * One input. {@code credentialType} for credentials ({@code twilio}, {@code sendgrid} …);
   * {@code defaultValue} for text; {@code targets} the step fields it fills.
   */
  public record Input(String key, Kind kind, String label, String help, String credentialType, String defaultValue,
                      boolean required, List<Target> targets) {
    public Input {
      targets = targets == null ? List.of() : List.copyOf(targets);
      help = help == null ? "" : help;
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
