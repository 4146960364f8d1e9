package io.switchboard.nodes.ai;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Asks a chat model ({@code ai.llm@1}): system and user prompts are templates over the execution;
 * with a JSON schema the reply must match it, and one retry shows the model what was wrong before
 * the step fails with the raw reply. Usage and an estimated cost are in the output; a workspace
 * with no model gets the sandbox model, whose output says so.
 */
public final class LlmNode extends BasicNodeType<LlmNode.Config> {

  public static final String KEY = "ai.llm@1";
  static final int MAX_TOKENS_LIMIT = 64_000;

  public record Config(
      @FieldInfo(title = "AI model account", help = "Empty: the platform's default model, or the sandbox model when there is none.",
          kind = FieldKind.CREDENTIAL, credentialType = "llm") String credentialId,
      @FieldInfo(title = "Model", help = "Such as gpt-4o-mini, claude-3-5-haiku-latest, gemini-2.0-flash, llama3.1. Empty: the account's default.",
          placeholder = "gpt-4o-mini") String model,
      @FieldInfo(title = "Instructions (system prompt)", kind = FieldKind.TEMPLATE,
          placeholder = "You are the friendly receptionist of {{ trigger.business }}.") String systemPrompt,
      @FieldInfo(title = "Prompt", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "Summarise this message in one sentence: {{ trigger.body }}") String userPrompt,
      @FieldInfo(title = "Temperature", help = "0 for predictable answers, up to 2 for creative ones.", kind = FieldKind.NUMBER) Double temperature,
      @FieldInfo(title = "Max tokens", help = "The longest reply allowed, in tokens (about ¾ of a word each).", kind = FieldKind.NUMBER) Integer maxTokens,
      @FieldInfo(title = "Reply format (JSON schema)", help = "Optional: the reply must be JSON matching this schema.",
          kind = FieldKind.JSON) JsonNode jsonSchema,
      @FieldInfo(title = "Time limit (seconds)", kind = FieldKind.NUMBER) Integer timeoutSeconds) {}

  private final LlmClient client;
  private final PlatformModels platform;
  private final PlatformPrompts prompts;

  public LlmNode(LlmClient client, PlatformModels platform, PlatformPrompts prompts) {
    super(Config.class, describe(KEY, "AI: ask a model", "AI",
        "Sends a prompt to an AI model (OpenAI, OpenRouter, Anthropic, Gemini, Ollama) and continues with its reply, "
            + "optionally as JSON matching a schema.",
        NodeKind.ACTION, Set.of("userPrompt"), Set.of(), Set.of("systemPrompt", "userPrompt")), List.of(PortSpec.of("out")));
    this.client = client;
    this.platform = platform;
    this.prompts = prompts;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    String user = config.userPrompt() == null ? "" : config.userPrompt().strip();
    if (user.isEmpty()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" has no prompt to send.", false);
    }
    Optional<StructuredOutput> structured = Optional.empty();
    if (config.jsonSchema() != null && !config.jsonSchema().isNull() && !(config.jsonSchema().isString()
        && config.jsonSchema().asString().isBlank())) {
      try {
        structured = Optional.of(StructuredOutput.of(config.jsonSchema()));
      } catch (StructuredOutput.InvalidSchema e) {
        return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": " + e.getMessage() + ".", false);
      }
    }
    LlmClient.Target target = target(context, config.credentialId(), config.model(), config.temperature(), config.maxTokens(),
        config.timeoutSeconds(), platform, prompts);
    Optional<StructuredOutput> schema = structured;
    JsonNode result = context.performOnce(() -> ask(context, target, config.systemPrompt(), user, schema));
    return NodeResult.emit("out", result);
  }

  /** The settings, model and limits of an AI step, checked, with the platform's preamble for the workspace. */
  static LlmClient.Target target(NodeContext context, String credentialId, String model, Double temperature, Integer maxTokens,
                                 Integer timeoutSeconds, PlatformModels platform, PlatformPrompts prompts) throws NodeFailure {
    if (temperature != null && (temperature < 0 || temperature > 2)) {
      throw new NodeFailure("invalid_config", "\"" + context.nodeName() + "\": the temperature must be between 0 and 2.", false);
    }
    if (maxTokens != null && (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT)) {
      throw new NodeFailure("invalid_config", "\"" + context.nodeName() + "\": max tokens must be between 1 and " + MAX_TOKENS_LIMIT + ".", false);
    }
    LlmSettings settings = LlmClient.settings(context, credentialId, platform);
    String chosen = settings.sandboxed() ? "sandbox" : Optional.ofNullable(model).map(String::strip).filter(s -> !s.isEmpty())
        .or(settings::defaultModel).orElse(settings.provider().defaultModel());
    Duration timeout = Duration.ofSeconds(timeoutSeconds == null || timeoutSeconds < 1 ? 60 : Math.min(timeoutSeconds, 600));
    return new LlmClient.Target(settings, new ChatModels.Request(chosen, temperature, maxTokens, timeout),
        prompts.preambleFor(context.tenant()));
  }

  private JsonNode ask(NodeContext context, LlmClient.Target target, String system, String user,
                       Optional<StructuredOutput> structured) throws NodeFailure {
    List<ChatMessage> messages = new ArrayList<>();
    String instructions = target.systemPrompt(system);
    if (structured.isPresent()) {
      instructions = (instructions.isEmpty() ? "" : instructions + "\n\n") + structured.get().instruction();
    }
    if (!instructions.isEmpty()) {
      messages.add(SystemMessage.from(instructions));
    }
    messages.add(UserMessage.from(user));

    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode calls = JsonNodeFactory.instance.arrayNode();
    Totals totals = new Totals();
    LlmClient.Exchange first = client.chat(context, target, List.copyOf(messages), List.of());
    calls.add(LlmClient.record(target, messages, first));
    totals.add(first);
    LlmClient.Exchange last = first;
    boolean repaired = false;
    if (structured.isPresent()) {
      StructuredOutput.Checked checked = structured.get().check(first.text());
      if (checked instanceof StructuredOutput.Checked.Invalid invalid) {
        messages.add(AiMessage.from(first.text()));
        messages.add(UserMessage.from("Your reply could not be used: " + invalid.problem()
            + ". Answer again with only the corrected JSON."));
        last = client.chat(context, target, List.copyOf(messages), List.of());
        calls.add(LlmClient.record(target, messages, last));
        totals.add(last);
        repaired = true;
        checked = structured.get().check(last.text());
        if (checked instanceof StructuredOutput.Checked.Invalid still) {
          throw new NodeFailure("llm_invalid_output", "\"" + context.nodeName() + "\": the model's reply did not match the JSON "
              + "schema, even after it was shown the problem (" + still.problem() + "). Raw reply: " + raw(last.text()), false);
        }
      }
      out.set("json", ((StructuredOutput.Checked.Valid) checked).value());
    }
    out.put("text", last.text());
    describe(out, target, last.modelName());
    out.put("repaired", repaired);
    totals.write(out);
    out.set("calls", calls);
    return out;
  }

  /** Who answered: provider, model, where the settings came from, whether it was the sandbox, under which preamble. */
  static void describe(ObjectNode out, LlmClient.Target target, String modelName) {
    out.put("provider", target.provider());
    out.put("model", modelName);
    out.put("modelSource", target.settings().source());
    out.put("sandbox", target.settings().sandboxed());
    PlatformPrompts.describe(out, target.preamble());
    if (target.settings().sandboxed()) {
      out.put("notice", "Sandbox output: no AI model is connected to this workspace, so this reply was not written by an AI. "
          + "Add an AI model credential to get real answers.");
    }
  }

  private static String raw(String text) {
    return text.length() > 4000 ? text.substring(0, 4000) + "… (" + text.length() + " characters)" : text;
  }

  /** Token and cost totals over a step's calls. */
  static final class Totals {
    int input;
    int output;
    boolean estimated;
    boolean costKnown = true;
    double cost;
    long latency;

    void add(LlmClient.Exchange e) {
      input += e.inputTokens();
      output += e.outputTokens();
      estimated |= e.tokensEstimated();
      latency += e.latencyMs();
      if (e.estimatedCostUsd().isPresent()) {
        cost += e.estimatedCostUsd().get();
      } else {
        costKnown = false;
      }
    }

    void write(ObjectNode out) {
      ObjectNode usage = out.putObject("usage");
      usage.put("inputTokens", input);
      usage.put("outputTokens", output);
      usage.put("tokensEstimated", estimated);
      if (costKnown) {
        usage.put("estimatedCostUsd", Math.round(cost * 1_000_000d) / 1_000_000d);
      } else {
        usage.putNull("estimatedCostUsd");
      }
      out.put("latencyMs", latency);
    }
  }
}
