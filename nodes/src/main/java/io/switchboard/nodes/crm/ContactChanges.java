package io.switchboard.nodes.crm;

import tools.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.Set;

/** What to set on a contact; absent fields are left as they are. Custom fields are merged. */
public record ContactChanges(Optional<String> firstName, Optional<String> lastName, Optional<String> phone,
                             Optional<String> email, Optional<String> company, Optional<String> stage,
                             Optional<Integer> leadScore, Optional<JsonNode> customFields, Set<String> addTags) {

  public ContactChanges {
    addTags = Set.copyOf(addTags);
  }

  public static ContactChanges none() {
    return new ContactChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
  }

  public ContactChanges withPhone(String e164) {
    return new ContactChanges(firstName, lastName, Optional.of(e164), email, company, stage, leadScore, customFields, addTags);
  }

  public ContactChanges withEmail(String address) {
    return new ContactChanges(firstName, lastName, phone, Optional.of(address), company, stage, leadScore, customFields, addTags);
  }
}
