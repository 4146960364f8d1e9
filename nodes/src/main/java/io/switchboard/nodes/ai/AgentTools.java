package io.switchboard.nodes.ai;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.PhoneNumbers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The tools an agent step was given on the canvas: their specifications for the model, and running
 * one call. A tool that cannot do what was asked answers the model with the reason instead of
 * failing the step, so the model can recover (ask for another number, apologise …).
 */
public final class AgentTools {

  public static final String LOOKUP_CONTACT = "lookup_contact";
  public static final String SEARCH_KB = "search_knowledge_base";
  public static final String SEND_SMS = "send_sms";
  public static final String SEND_BOOKING_LINK = "send_booking_link";
  public static final String RUN_WORKFLOW = "run_workflow";
  static final Set<String> ALL = Set.of(LOOKUP_CONTACT, SEARCH_KB, SEND_SMS, SEND_BOOKING_LINK, RUN_WORKFLOW);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What the tools reach the workspace through. */
  public record Ports(ContactBook contacts, KnowledgeSearch knowledge, TextMessages sms) {}

  /** A tool's answer to the model; {@code ok} is false when it could not do what was asked. */
  public record Outcome(boolean ok, String text) {}

  private final Set<String> chosen;
  private final Ports ports;
  private final Optional<UUID> knowledgeBase;
  private final Optional<String> bookingLink;
  private final Optional<UUID> workflow;
  private final String workflowDescription;

  private AgentTools(Set<String> chosen, Ports ports, Optional<UUID> knowledgeBase, Optional<String> bookingLink,
                     Optional<UUID> workflow, String workflowDescription) {
    this.chosen = chosen;
    this.ports = ports;
    this.knowledgeBase = knowledgeBase;
    this.bookingLink = bookingLink;
    this.workflow = workflow;
    this.workflowDescription = workflowDescription;
  }

  static AgentTools chosen(AgentNode.Config config, Ports ports) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String t : config.tools() == null ? List.<String>of() : config.tools()) {
      String name = t.strip();
      if (!ALL.contains(name)) {
        throw new IllegalArgumentException("there is no agent tool called '" + name + "'; the tools are " + String.join(", ", ALL) + ".");
      }
      chosen.add(name);
    }
    Optional<UUID> kb = blank(config.knowledgeBaseId()) ? Optional.empty() : Optional.of(AgentNode.uuid(config.knowledgeBaseId(), "knowledge base"));
    if (chosen.contains(SEARCH_KB) && kb.isEmpty()) {
      throw new IllegalArgumentException("the knowledge-base search tool needs a knowledge base.");
    }
    Optional<String> link = blank(config.bookingLink()) ? Optional.empty() : Optional.of(config.bookingLink().strip());
    if (chosen.contains(SEND_BOOKING_LINK) && (link.isEmpty() || !link.get().startsWith("http"))) {
      throw new IllegalArgumentException("the booking-link tool needs a booking link starting with http.");
    }
    Optional<UUID> wf = blank(config.workflowId()) ? Optional.empty() : Optional.of(AgentNode.uuid(config.workflowId(), "workflow"));
    if (chosen.contains(RUN_WORKFLOW) && wf.isEmpty()) {
      throw new IllegalArgumentException("the run-workflow tool needs a workflow.");
    }
    return new AgentTools(chosen, ports, kb, link, wf, blank(config.workflowDescription()) ? "" : config.workflowDescription().strip());
  }

  List<ToolSpecification> specifications() {
    List<ToolSpecification> specs = new ArrayList<>();
    if (chosen.contains(LOOKUP_CONTACT)) {
      specs.add(ToolSpecification.builder().name(LOOKUP_CONTACT)
          .description("Looks up a contact in the CRM by phone number (E.164, like +15551234567) or e-mail.")
          .parameters(JsonObjectSchema.builder().addStringProperty("phone", "phone number, or empty")
              .addStringProperty("email", "e-mail address, or empty").build()).build());
    }
    if (chosen.contains(SEARCH_KB)) {
      specs.add(ToolSpecification.builder().name(SEARCH_KB)
          .description("Searches the business's knowledge base and returns the most relevant passages with their sources.")
          .parameters(JsonObjectSchema.builder().addStringProperty("query", "what to look for").required("query").build()).build());
    }
    if (chosen.contains(SEND_SMS)) {
      specs.add(ToolSpecification.builder().name(SEND_SMS).description("Sends a text message (SMS).")
          .parameters(JsonObjectSchema.builder().addStringProperty("to", "phone number, E.164")
              .addStringProperty("message", "the text to send").required("to", "message").build()).build());
    }
    if (chosen.contains(SEND_BOOKING_LINK)) {
      specs.add(ToolSpecification.builder().name(SEND_BOOKING_LINK)
          .description("Texts the business's booking link so the person can book an appointment.")
          .parameters(JsonObjectSchema.builder().addStringProperty("to", "phone number, E.164")
              .addStringProperty("message", "a short message to go before the link").required("to").build()).build());
    }
    if (chosen.contains(RUN_WORKFLOW)) {
      specs.add(ToolSpecification.builder().name(RUN_WORKFLOW)
          .description("Starts a workflow of the business" + (workflowDescription.isEmpty() ? "." : ": " + workflowDescription))
          .parameters(JsonObjectSchema.builder().addStringProperty("details", "what the workflow needs, as JSON or text")
              .required("details").build()).build());
    }
    return specs;
  }

  Outcome run(NodeContext context, ToolExecutionRequest call) {
    if (!chosen.contains(call.name())) {
      return new Outcome(false, "Error: there is no tool called " + call.name() + ".");
    }
    JsonNode args;
    try {
      args = call.arguments() == null || call.arguments().isBlank() ? JSON.createObjectNode() : JSON.readTree(call.arguments());
    } catch (RuntimeException e) {
      return new Outcome(false, "Error: the arguments were not valid JSON.");
    }
    try {
      return switch (call.name()) {
        case LOOKUP_CONTACT -> lookup(context, args);
        case SEARCH_KB -> search(context, args);
        case SEND_SMS -> sms(context, args.path("to").asString(""), args.path("message").asString(""));
        case SEND_BOOKING_LINK -> sms(context, args.path("to").asString(""),
            (args.path("message").asString("Book your appointment here:").strip() + " " + bookingLink.orElseThrow()).strip());
        case RUN_WORKFLOW -> runWorkflow(context, args.path("details").asString(""));
        default -> new Outcome(false, "Error: unknown tool.");
      };
    } catch (NodeFailure e) {
      return new Outcome(false, "Error (" + e.code() + "): " + e.getMessage());
    }
  }

  private Outcome lookup(NodeContext context, JsonNode args) {
    String phone = args.path("phone").asString("").strip();
    String email = args.path("email").asString("").strip();
    Optional<Contact> found = Optional.empty();
    if (!phone.isEmpty()) {
      Optional<String> e164 = PhoneNumbers.normalise(phone);
      if (e164.isEmpty()) {
        return new Outcome(false, "Error: \"" + phone + "\" is not a phone number like +15551234567.");
      }
      found = ports.contacts().findByPhone(context.tenant(), e164.get());
    }
    if (found.isEmpty() && !email.isEmpty()) {
      found = ports.contacts().findByEmail(context.tenant(), email);
    }
    if (phone.isEmpty() && email.isEmpty()) {
      return new Outcome(false, "Error: give a phone number or an e-mail.");
    }
    return found.map(c -> new Outcome(true, JSON.writeValueAsString(c.toJson())))
        .orElseGet(() -> new Outcome(true, "No contact found."));
  }

  private Outcome search(NodeContext context, JsonNode args) throws NodeFailure {
    String query = args.path("query").asString("").strip();
    if (query.isEmpty()) {
      return new Outcome(false, "Error: the query is empty.");
    }
    List<KnowledgeSearch.Passage> passages = ports.knowledge().search(context.tenant(), knowledgeBase.orElseThrow(), query, 5);
    if (passages.isEmpty()) {
      return new Outcome(true, "Nothing relevant was found in the knowledge base.");
    }
    StringBuilder text = new StringBuilder();
    int n = 1;
    for (KnowledgeSearch.Passage p : passages) {
      text.append('[').append(n++).append("] ").append(p.documentName())
          .append(p.heading().isBlank() ? "" : " — " + p.heading()).append('\n').append(p.text()).append("\n\n");
    }
    return new Outcome(true, text.toString().strip());
  }

  private Outcome sms(NodeContext context, String to, String message) throws NodeFailure {
    TextMessages.Sent sent = ports.sms().send(context.tenant(), context.executionId(), context.nodeName(), to, message);
    return new Outcome(true, "Sent to " + sent.to() + (sent.sandbox() ? " (sandbox: recorded in the outbox, not delivered)" : "")
        + ", message id " + sent.messageId() + ".");
  }

  private Outcome runWorkflow(NodeContext context, String details) {
    JsonNode input;
    try {
      JsonNode parsed = JSON.readTree(details);
      input = parsed.isObject() ? parsed : wrap(details);
    } catch (RuntimeException notJson) {
      input = wrap(details);
    }
    try {
      UUID child = context.startChildExecution(workflow.orElseThrow(), input);
      return new Outcome(true, "Started the workflow (execution " + child + "); it runs on its own.");
    } catch (IllegalStateException | IllegalArgumentException e) {
      return new Outcome(false, "Error: the workflow could not be started: " + e.getMessage());
    }
  }

  private static ObjectNode wrap(String details) {
    return JsonNodeFactory.instance.objectNode().put("details", details);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
