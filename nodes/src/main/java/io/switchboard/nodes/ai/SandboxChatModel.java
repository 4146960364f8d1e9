package io.switchboard.nodes.ai;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The model of a workspace with none configured. It calls no AI: it answers with text that says
 * so, and for a JSON schema with a value built from the schema whose texts say so. Every step
 * output using it carries {@code sandbox: true}; nothing pretends to be a real answer.
 */
public final class SandboxChatModel implements ChatModel {

  public static final String MARK = "[Sandbox AI reply: no AI model is connected to this workspace]";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** The system prompt line the LLM node adds for a JSON schema; the sandbox reads the schema back from it. */
  static final String SCHEMA_MARKER = "JSON Schema:\n";

  @Override
  public ChatResponse doChat(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    String user = "";
    String system = "";
    for (ChatMessage m : messages) {
      if (m instanceof UserMessage u && u.hasSingleText()) {
        user = u.singleText();
      } else if (m instanceof SystemMessage s) {
        system = s.text();
      }
    }
    String text;
    int schemaAt = system.indexOf(SCHEMA_MARKER);
    if (schemaAt >= 0) {
      JsonNode schema = JSON.readTree(system.substring(schemaAt + SCHEMA_MARKER.length()).strip());
      text = JSON.writeValueAsString(sample(schema, 0));
    } else {
      String excerpt = user.length() > 200 ? user.substring(0, 200) + "…" : user;
      text = MARK + " Connect an AI model under Credentials to get real answers. Your prompt was: " + excerpt;
    }
    int in = TokenEstimate.of(messages);
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName("sandbox")
        .tokenUsage(new TokenUsage(in, TokenEstimate.of(text))).finishReason(FinishReason.STOP).build();
  }

  /** A value matching the schema, its texts marked as sandbox output. */
  static JsonNode sample(JsonNode schema, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (depth > 8) {
      return f.nullNode();
    }
    if (schema.has("enum") && schema.get("enum").isArray() && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(0);
    }
    if (schema.has("const")) {
      return schema.get("const");
    }
    String type = schema.path("type").isArray() ? schema.path("type").path(0).asString("string") : schema.path("type").asString("");
    if (type.isEmpty()) {
      type = schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }
    return switch (type) {
      case "object" -> {
        ObjectNode o = f.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").properties().iterator();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          o.set(e.getKey(), sample(e.getValue(), depth + 1));
        }
        yield o;
      }
      case "array" -> {
        ArrayNode a = f.arrayNode();
        int min = schema.path("minItems").asInt(1);
        for (int i = 0; i < Math.max(1, min); i++) {
          a.add(sample(schema.path("items"), depth + 1));
        }
        yield a;
      }
      case "integer" -> f.numberNode(Math.max(0, schema.path("minimum").asInt(0)));
      case "number" -> f.numberNode(Math.max(0d, schema.path("minimum").asDouble(0)));
      case "boolean" -> f.booleanNode(false);
      case "null" -> f.nullNode();
      default -> f.stringNode("sandbox");
    };
  }
}
