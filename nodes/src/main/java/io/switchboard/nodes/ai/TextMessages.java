package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.tenancy.TenantId;

import java.util.UUID;

/** Sends an SMS on an AI step's behalf (the agent's "send SMS" and "send booking link" tools). */
@FunctionalInterface
public interface TextMessages {

  /**
   * Sends {@code body} to {@code to} from the workspace's number.
   *
   * @throws NodeFailure with the reason when it cannot be sent (opted out, invalid number, no sender …)
   */
  Sent send(TenantId tenant, UUID executionId, String nodeName, String to, String body) throws NodeFailure;

  record Sent(String messageId, String providerId, String to, boolean sandbox) {}

  TextMessages NONE = (tenant, execution, node, to, body) -> {
    throw new NodeFailure("sms_unavailable", "Text messages cannot be sent from this server.", false);
  };
}
