package io.switchboard.nodes.messaging;

import java.net.URI;

/**
 * A Twilio account to send with: the workspace's own (from a stored credential) or its sandbox
 * account, which the application serves at {@code apiBase} in Twilio's wire format.
 */
public record TwilioAccount(String accountSid, String authToken, URI apiBase, boolean sandbox) {

  public static final URI TWILIO_API = URI.create("https://api.twilio.com");

  @Override
  public String toString() {
    return "TwilioAccount[" + accountSid + (sandbox ? " sandbox" : "") + " @" + apiBase + ", token hidden]";
  }
}
