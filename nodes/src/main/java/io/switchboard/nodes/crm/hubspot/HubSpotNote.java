package io.switchboard.nodes.crm.hubspot;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.email.EmailAddresses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds a note to a HubSpot contact ({@code crm.hubspot-note@1}), found by its HubSpot id or by
 * e-mail, associated with the contact so it shows on its timeline.
 */
public final class HubSpotNote extends BasicNodeType<HubSpotNote.Config> {

  public static final String KEY = "crm.hubspot-note@1";
  static final int MAX_NOTE = 65_000;

  public record Config(
      @FieldInfo(title = "HubSpot account", help = "A hubspot credential holding a private app's access token (token).",
          kind = FieldKind.CREDENTIAL, credentialType = "hubspot", required = true) String credentialId,
      @FieldInfo(title = "HubSpot contact id", help = "Such as {{ nodes['HubSpot contact'].hubspot_id }}; empty: found by e-mail.",
          kind = FieldKind.TEMPLATE) String contactId,
      @FieldInfo(title = "Contact e-mail", help = "Used when there is no contact id.", kind = FieldKind.TEMPLATE,
          placeholder = "{{ contact.email }}") String email,
      @FieldInfo(title = "Note", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "Called on {{ trigger.date }}: {{ trigger.summary }}") String note) {}

  private final HubSpotApi api;

  public HubSpotNote(HubSpotApi api) {
    super(Config.class, describe(KEY, "HubSpot: add note", "CRM",
        "Adds a note to a HubSpot contact's timeline.", NodeKind.ACTION, Set.of("credentialId", "note"), Set.of(),
        Set.of("contactId", "email", "note")), List.of(PortSpec.of("out")));
    this.api = api;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    HubSpotToken.Found found = HubSpotToken.of(config.credentialId(), context);
    if (found.failure().isPresent()) {
      return found.failure().get();
    }
    String token = found.token().orElseThrow();
    String step = "\"" + context.nodeName() + "\"";
    String note = config.note() == null ? "" : config.note().strip();
    if (note.isEmpty()) {
      return NodeResult.fail("empty_note", step + " has no note to add.", false);
    }
    if (note.length() > MAX_NOTE) {
      return NodeResult.fail("note_too_long", step + ": the note is longer than " + MAX_NOTE + " characters.", false);
    }
    Optional<String> id = Optional.ofNullable(config.contactId()).map(String::strip).filter(s -> !s.isEmpty());
    if (id.isPresent() && !id.get().matches("\\d{1,20}")) {
      return NodeResult.fail("invalid_contact_id", step + ": \"" + id.get() + "\" is not a HubSpot contact id (digits).", false);
    }
    Optional<String> email = Optional.ofNullable(config.email()).filter(s -> !s.isBlank()).flatMap(EmailAddresses::normalise);
    if (id.isEmpty() && email.isEmpty()) {
      return NodeResult.fail("missing_contact", step + " needs the HubSpot contact id or the contact's e-mail address.", false);
    }
    JsonNode result = context.performOnce(() -> {
      String contact = id.isPresent() ? id.get() : api.findBy(token, "email", email.get())
          .orElseThrow(() -> new io.switchboard.nodes.messaging.ProviderFailure("contact_not_found",
              "HubSpot has no contact with the e-mail " + email.get() + "; add it first (HubSpot: create or update contact).",
              false));
      String noteId = api.addNote(token, contact, note, context.clock().instant());
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("note_id", noteId);
      out.put("hubspot_contact_id", contact);
      return out;
    });
    return NodeResult.emit("out", result);
  }
}
