package io.switchboard.nodes.catalog;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small JSON schemas of what a node hands on ({@code NodeType.outputSchema()}), written beside the
 * code that builds that data, so the editor can offer {@code trigger.body}, {@code contact.first_name}…
 * before anything has run.
 */
public final class OutputSchemas {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OutputSchemas() {}

  /** An object with these fields: alternating names and their schemas. */
  public static ObjectNode object(String description, Object... nameAndSchema) {
    ObjectNode schema = typed("object", description);
    ObjectNode properties = schema.putObject("properties");
    for (int i = 0; i + 1 < nameAndSchema.length; i += 2) {
      properties.set((String) nameAndSchema[i], (JsonNode) nameAndSchema[i + 1]);
    }
    return schema;
  }

  public static ObjectNode text(String description) {
    return typed("string", description);
  }

  public static ObjectNode number(String description) {
    return typed("number", description);
  }

  public static ObjectNode bool(String description) {
    return typed("boolean", description);
  }

  /** Any JSON value (the body of a request, free fields). */
  public static ObjectNode any(String description) {
    ObjectNode schema = NODES.objectNode();
    schema.put("description", description);
    return schema;
  }

  public static ObjectNode list(String description, JsonNode items) {
    ObjectNode schema = typed("array", description);
    schema.set("items", items);
    return schema;
  }

  /** A contact of the built-in CRM as the execution context shows it ({@code Contact.toJson()}). */
  public static ObjectNode contact(String description) {
    return object(description,
        "id", text("The contact's id"),
        "first_name", text("First name"),
        "last_name", text("Last name"),
        "name", text("First and last name"),
        "phone", text("Phone number, such as +15551234567"),
        "email", text("E-mail address"),
        "company", text("Company"),
        "tags", list("Tags", text("A tag")),
        "stage", text("Pipeline stage"),
        "lead_score", number("Lead score"),
        "custom", any("Custom fields"),
        "sms_opted_out", bool("Whether they opted out of texts"),
        "email_opted_out", bool("Whether they opted out of e-mail"));
  }

  private static ObjectNode typed(String type, String description) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", type);
    if (description != null && !description.isBlank()) schema.put("description", description);
    return schema;
  }
}
