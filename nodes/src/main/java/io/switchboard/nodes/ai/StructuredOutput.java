package io.switchboard.nodes.ai;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON schema a model's reply must match: the instruction added to the system prompt, and the
 * check of the reply (the JSON is taken from a fenced block or the first brace when the model
 * wrapped it in prose).
 */
public final class StructuredOutput {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON2 = new com.fasterxml.jackson.databind.ObjectMapper();

  private final JsonNode schemaJson;
  private final JsonSchema schema;

  private StructuredOutput(JsonNode schemaJson, JsonSchema schema) {
    this.schemaJson = schemaJson;
    this.schema = schema;
  }

  /** Reads the node's schema (an object, or text holding one); a schema that is not one is a plain error. */
  public static StructuredOutput of(JsonNode schemaOrText) throws InvalidSchema {
    JsonNode tree = schemaOrText;
    if (schemaOrText.isString()) {
      try {
        tree = JSON.readTree(schemaOrText.asString());
      } catch (RuntimeException e) {
        throw new InvalidSchema("the JSON schema is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
      }
    }
    if (!tree.isObject()) {
      throw new InvalidSchema("the JSON schema must be a JSON object such as {\"type\": \"object\", \"properties\": {…}}");
    }
    try {
      var jackson2 = JACKSON2.readTree(JSON.writeValueAsString(tree));
      JsonSchema compiled = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(jackson2);
      return new StructuredOutput(tree, compiled);
    } catch (Exception e) {
      throw new InvalidSchema("the JSON schema could not be read: " + e.getMessage());
    }
  }

  public String instruction() {
    return "Answer with a single JSON value only, no prose and no code fences, matching this " + SandboxChatModel.SCHEMA_MARKER
        + JSON.writeValueAsString(schemaJson);
  }

  /** The reply's JSON when it matches, else why not in words a model (and a person) can act on. */
  public sealed interface Checked {
    record Valid(JsonNode value) implements Checked {}
    record Invalid(String problem) implements Checked {}
  }

  public Checked check(String reply) {
    Optional<String> json = extract(reply);
    if (json.isEmpty()) {
      return new Checked.Invalid("the reply contains no JSON");
    }
    JsonNode value;
    com.fasterxml.jackson.databind.JsonNode jackson2;
    try {
      value = JSON.readTree(json.get());
      jackson2 = JACKSON2.readTree(json.get());
    } catch (Exception e) {
      return new Checked.Invalid("the reply is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    Set<ValidationMessage> problems = schema.validate(jackson2);
    if (!problems.isEmpty()) {
      return new Checked.Invalid("the JSON does not match the schema: "
          + problems.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
    }
    return new Checked.Valid(value);
  }

  static Optional<String> extract(String reply) {
    if (reply == null) {
      return Optional.empty();
    }
    String s = reply.strip();
    int fence = s.indexOf("```");
    if (fence >= 0) {
      int start = s.indexOf('\n', fence);
      int end = s.indexOf("```", fence + 3);
      if (start > 0 && end > start) {
        return Optional.of(s.substring(start + 1, end).strip());
      }
    }
    int object = s.indexOf('{');
    int array = s.indexOf('[');
    int first = object < 0 ? array : array < 0 ? object : Math.min(object, array);
    if (first < 0) {
      return Optional.empty();
    }
    int last = Math.max(s.lastIndexOf('}'), s.lastIndexOf(']'));
    return last > first ? Optional.of(s.substring(first, last + 1)) : Optional.of(s.substring(first));
  }

  /** A schema that cannot be used; the message says why. */
  public static final class InvalidSchema extends Exception {
    public InvalidSchema(String message) {
      super(message);
    }
  }
}
