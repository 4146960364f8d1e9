package io.switchboard.engine.execution;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.util.Optional;

/**
 * One pending activation of a node: the data that arrived at one of its inputs, which attempt this
 * is, and — when the node is called again after waiting — its memo and why it resumes.
 *
 * @param resumeKind    empty on a first call; {@code time}, {@code event} or {@code timeout} on resumption
 * @param resumePayload the event's payload when {@code resumeKind} is {@code event}
 */
public record Token(String id, String nodeId, String input, JsonNode data, int attempt, JsonNode memo,
                    Optional<String> resumeKind, Optional<String> resumeEventKey, JsonNode resumePayload) {

  public Token {
    data = data == null ? NullNode.getInstance() : data;
    memo = memo == null ? NullNode.getInstance() : memo;
    resumeKind = resumeKind == null ? Optional.empty() : resumeKind;
    resumeEventKey = resumeEventKey == null ? Optional.empty() : resumeEventKey;
    resumePayload = resumePayload == null ? NullNode.getInstance() : resumePayload;
  }

  static Token fresh(String id, String nodeId, String input, JsonNode data) {
    return new Token(id, nodeId, input, data, 1, null, Optional.empty(), Optional.empty(), null);
  }

  Token nextAttempt() {
    return new Token(id, nodeId, input, data, attempt + 1, memo, Optional.empty(), Optional.empty(), null);
  }

  Token withMemo(JsonNode newMemo) {
    return new Token(id, nodeId, input, data, attempt, newMemo, Optional.empty(), Optional.empty(), null);
  }

  Token resumed(String kind, Optional<String> eventKey, JsonNode payload) {
    return new Token(id, nodeId, input, data, attempt, memo, Optional.of(kind), eventKey, payload);
  }
}
