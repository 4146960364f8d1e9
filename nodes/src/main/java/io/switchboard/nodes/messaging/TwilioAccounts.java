package io.switchboard.nodes.messaging;

import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/**
 * Decides who sends a workspace's SMS, WhatsApp messages and calls, and from which number: the
 * credential named on the node, else the credential attached to the sending number, else the
 * workspace's sandbox account. Implemented by the application, which knows numbers and credentials.
 */
public interface TwilioAccounts {

  /**
   * The sender for one message.
   *
   * @param from       the number chosen on the node, or empty for the workspace's default number
   * @param credential the credential chosen on the node, or empty
   * @throws NoSender  when the workspace has no number to send from (the message says what to do)
   */
  Sender sender(TenantId tenant, MessageLog.Channel channel, Optional<String> from, Optional<Credential> credential)
      throws NoSender;

  /** Where Twilio posts delivery updates for the messages and calls we send. */
  String statusCallbackUrl(MessageLog.Channel channel);

  /** The account and number a message leaves with. */
  record Sender(TwilioAccount account, String fromNumber) {}

  /** Nothing to send with; the message says what the workspace needs to set up. */
  final class NoSender extends Exception {
    public NoSender(String message) {
      super(message);
    }
  }
}
