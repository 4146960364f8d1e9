package io.switchboard.nodes.ai;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;

/**
 * A provider-neutral token estimate from text: about four characters a token for English, rounded
 * up, plus a few tokens of framing per message. Used to refuse prompts that cannot fit before
 * paying for them, and when a provider does not report its counts.
 */
public final class TokenEstimate {

  private TokenEstimate() {}

  public static int of(String text) {
    return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
  }

  public static int of(List<ChatMessage> messages) {
    int total = 0;
    for (ChatMessage m : messages) {
      total += 4 + of(text(m));
    }
    return total;
  }

  static String text(ChatMessage m) {
    return switch (m) {
      case SystemMessage s -> s.text();
      case UserMessage u -> u.hasSingleText() ? u.singleText() : u.contents().toString();
      case AiMessage a -> (a.text() == null ? "" : a.text()) + (a.hasToolExecutionRequests() ? a.toolExecutionRequests().toString() : "");
      case ToolExecutionResultMessage t -> t.text();
      default -> m.toString();
    };
  }
}
