package io.switchboard.nodes.email;

import java.util.Map;
import java.util.Optional;

/**
 * One e-mail as handed to a provider. {@code headers} go on the message ({@code List-Unsubscribe});
 * {@code tags} come back with the provider's delivery events (SendGrid custom arguments) so an
 * event finds its message.
 */
public record OutgoingEmail(String from, Optional<String> fromName, String to, String subject, Optional<String> html,
                            Optional<String> text, Map<String, String> headers, Map<String, String> tags) {

  public OutgoingEmail {
    headers = Map.copyOf(headers);
    tags = Map.copyOf(tags);
    if (html.isEmpty() && text.isEmpty()) {
      throw new IllegalArgumentException("an e-mail needs an HTML or a text body");
    }
  }
}
