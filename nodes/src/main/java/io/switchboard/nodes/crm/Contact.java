package io.switchboard.nodes.crm;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A contact of the workspace's built-in CRM, as nodes see it. */
public record Contact(UUID id, String firstName, String lastName, Optional<String> phone, Optional<String> email,
                      String company, List<String> tags, String stage, Optional<Integer> leadScore,
                      JsonNode customFields, boolean smsOptedOut, boolean emailOptedOut) {

  public Contact {
    tags = List.copyOf(tags);
  }

  public String displayName() {
    String name = (firstName + " " + lastName).trim();
    return name.isEmpty() ? phone.or(() -> email).orElse("this contact") : name;
  }

  /** The contact as the execution context shows it ({@code contact.first_name} …). */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", id.toString());
    json.put("first_name", firstName);
    json.put("last_name", lastName);
    json.put("name", (firstName + " " + lastName).trim());
    phone.ifPresentOrElse(p -> json.put("phone", p), () -> json.putNull("phone"));
    email.ifPresentOrElse(e -> json.put("email", e), () -> json.putNull("email"));
    json.put("company", company);
    tags.forEach(json.putArray("tags")::add);
    json.put("stage", stage);
    leadScore.ifPresentOrElse(s -> json.put("lead_score", s), () -> json.putNull("lead_score"));
    json.set("custom", customFields == null ? JsonNodeFactory.instance.objectNode() : customFields);
    json.put("sms_opted_out", smsOptedOut);
    json.put("email_opted_out", emailOptedOut);
    return json;
  }
}
