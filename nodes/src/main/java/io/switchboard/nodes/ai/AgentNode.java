package io.switchboard.nodes.ai;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An AI agent ({@code ai.agent@1}): a model that may call the tools chosen on the canvas (look up
 * a contact, search a knowledge base, send an SMS or a booking link, start a workflow) until it
 * answers or reaches its step limit. Every model call and tool call is in the step output, with
 * prompt, response, arguments, result, tokens and latency.
 *
 * <p>The whole conversation is one effect of the step ({@link NodeContext#performOnce}): once it
 * finished, a resumed execution does not run it again. A crash in the middle of it may repeat a
 * tool's SMS, as with any step that crashed before it finished.
 */
public final class AgentNode extends BasicNodeType<AgentNode.Config> {

  public static final String KEY = "ai.agent@1";
  static final int MAX_STEPS = 20;

  public record Config(
      @FieldInfo(title = "AI model account", help = "Empty: the platform's default model, or the sandbox model.",
          kind = FieldKind.CREDENTIAL, credentialType = "llm") String credentialId,
      @FieldInfo(title = "Model", placeholder = "gpt-4o-mini") String model,
      @FieldInfo(title = "Instructions (system prompt)", kind = FieldKind.TEMPLATE,
          placeholder = "You are the assistant of {{ trigger.business }}. Be brief.") String systemPrompt,
      @FieldInfo(title = "Task", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "Answer this customer's message: {{ trigger.body }}") String userPrompt,
      @FieldInfo(title = "Tools", help = "What the agent may do.", kind = FieldKind.LIST,
          options = {AgentTools.LOOKUP_CONTACT, AgentTools.SEARCH_KB, AgentTools.SEND_SMS, AgentTools.SEND_BOOKING_LINK,
              AgentTools.RUN_WORKFLOW}) List<String> tools,
      @FieldInfo(title = "Knowledge base", help = "For the knowledge-base search tool.", kind = FieldKind.KNOWLEDGE_BASE) String knowledgeBaseId,
      @FieldInfo(title = "Booking link", help = "For the booking-link tool.", placeholder = "https://cal.example/acme") String bookingLink,
      @FieldInfo(title = "Workflow to run", help = "For the run-workflow tool.", kind = FieldKind.WORKFLOW) String workflowId,
      @FieldInfo(title = "What that workflow does", help = "Tells the agent when to run it.", kind = FieldKind.TEMPLATE) String workflowDescription,
      @FieldInfo(title = "Step limit", help = "The most model calls in one run (default 6, at most 20).", kind = FieldKind.NUMBER) Integer maxSteps,
      @FieldInfo(title = "Temperature", kind = FieldKind.NUMBER) Double temperature,
      @FieldInfo(title = "Max tokens per reply", kind = FieldKind.NUMBER) Integer maxTokens,
      @FieldInfo(title = "Time limit per model call (seconds)", kind = FieldKind.NUMBER) Integer timeoutSeconds) {}

  private final LlmClient client;
  private final PlatformModels platform;
  private final AgentTools.Ports toolPorts;

  private final PlatformPrompts prompts;

  public AgentNode(LlmClient client, PlatformModels platform, AgentTools.Ports toolPorts, PlatformPrompts prompts) {
    super(Config.class, describe(KEY, "AI agent", "AI",
        "An AI model that can look up contacts, search a knowledge base, send texts and run workflows to complete a task.",
        NodeKind.ACTION, Set.of("userPrompt"), Set.of(), Set.of("systemPrompt", "userPrompt", "workflowDescription")),
        List.of(new PortSpec("out", "Answered"), new PortSpec("step_limit", "Step limit reached")));
    this.client = client;
    this.platform = platform;
    this.prompts = prompts;
    this.toolPorts = toolPorts;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    String task = config.userPrompt() == null ? "" : config.userPrompt().strip();
    if (task.isEmpty()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" has no task for the agent.", false);
    }
    int maxSteps = config.maxSteps() == null ? 6 : config.maxSteps();
    if (maxSteps < 1 || maxSteps > MAX_STEPS) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": the step limit must be between 1 and " + MAX_STEPS + ".", false);
    }
    AgentTools tools;
    try {
      tools = AgentTools.chosen(config, toolPorts);
    } catch (IllegalArgumentException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": " + e.getMessage(), false);
    }
    LlmClient.Target target = LlmNode.target(context, config.credentialId(), config.model(), config.temperature(),
        config.maxTokens(), config.timeoutSeconds(), platform, prompts);
    JsonNode result = context.performOnce(() -> converse(context, target, config, task, tools, maxSteps));
    return NodeResult.emit(result.path("stoppedBy").asString().equals("step_limit") ? "step_limit" : "out", result);
  }

  private JsonNode converse(NodeContext context, LlmClient.Target target, Config config, String task, AgentTools tools,
                            int maxSteps) throws NodeFailure {
    List<ChatMessage> messages = new ArrayList<>();
    String system = target.systemPrompt(config.systemPrompt());
    if (!system.isEmpty()) {
      messages.add(SystemMessage.from(system));
    }
    messages.add(UserMessage.from(task));
    List<ToolSpecification> specs = tools.specifications();
    ArrayNode trace = JsonNodeFactory.instance.arrayNode();
    LlmNode.Totals totals = new LlmNode.Totals();
    Map<String, Integer> toolCounts = new LinkedHashMap<>();
    String modelName = target.model();
    for (int step = 1; step <= maxSteps; step++) {
      LlmClient.Exchange exchange = client.chat(context, target, List.copyOf(messages), specs);
      totals.add(exchange);
      modelName = exchange.modelName();
      trace.add(LlmClient.record(target, messages, exchange).put("step", step));
      if (!exchange.reply().hasToolExecutionRequests()) {
        return output(target, modelName, "answer", exchange.text(), step, toolCounts, totals, trace);
      }
      messages.add(exchange.reply());
      for (ToolExecutionRequest call : exchange.reply().toolExecutionRequests()) {
        long started = System.nanoTime();
        AgentTools.Outcome outcome = tools.run(context, call);
        long latency = (System.nanoTime() - started) / 1_000_000;
        toolCounts.merge(call.name(), 1, Integer::sum);
        ObjectNode entry = trace.addObject();
        entry.put("type", "tool");
        entry.put("step", step);
        entry.put("name", call.name());
        entry.put("arguments", call.arguments());
        entry.put("result", outcome.text());
        entry.put("ok", outcome.ok());
        entry.put("latencyMs", latency);
        messages.add(ToolExecutionResultMessage.from(call, outcome.text()));
      }
    }
    return output(target, modelName, "step_limit", "", maxSteps, toolCounts, totals, trace);
  }

  private static JsonNode output(LlmClient.Target target, String modelName, String stoppedBy, String answer, int steps,
                                 Map<String, Integer> toolCounts, LlmNode.Totals totals, ArrayNode trace) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("answer", answer);
    out.put("stoppedBy", stoppedBy);
    if (stoppedBy.equals("step_limit")) {
      out.put("message", "The agent used all " + steps + " of its steps without giving a final answer.");
    }
    out.put("steps", steps);
    ObjectNode counts = out.putObject("toolCalls");
    toolCounts.forEach(counts::put);
    LlmNode.describe(out, target, modelName);
    totals.write(out);
    out.set("trace", trace);
    return out;
  }

  static UUID uuid(String value, String what) {
    try {
      return UUID.fromString(value.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + value + "' is not a valid " + what + " id.");
    }
  }
}
