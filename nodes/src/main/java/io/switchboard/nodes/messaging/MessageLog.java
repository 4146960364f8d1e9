package io.switchboard.nodes.messaging;

import io.switchboard.engine.tenancy.TenantId;
import tools.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.UUID;

/**
 * The workspace's message records (SMS, WhatsApp, calls, e-mail), written before a provider is
 * called and updated with what it answered and with its later delivery callbacks. Each outbound
 * message also lands on its contact's timeline.
 */
public interface MessageLog {

  /** Records a message about to be sent (status {@code queued}); returns its id. */
  UUID recordOutbound(TenantId tenant, Outbound message);

  /** What a provider said: {@code sent}, {@code failed}, {@code refused} …, with its id for the message. */
  void update(TenantId tenant, UUID messageId, String status, Optional<String> providerId, Optional<String> error);

  /** Channels a message can go by. */
  enum Channel {
    SMS("sms"), WHATSAPP("whatsapp"), EMAIL("email"), CALL("call");

    private final String code;

    Channel(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** An outbound message as recorded. {@code provider}: twilio, sandbox, sendgrid, smtp. */
  record Outbound(Channel channel, Optional<UUID> contactId, Optional<UUID> executionId, String from, String to,
                  Optional<String> subject, String body, String provider, JsonNode details) {}
}
