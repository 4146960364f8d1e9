package io.switchboard.nodes.trigger;

import io.switchboard.nodes.catalog.OutputSchemas;

import java.util.Optional;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;

import java.util.List;
import java.util.Set;

/**
 * Starts a workflow when its webhook address receives a request. The address carries a secret
 * path; the request (method, headers, query, body) becomes the trigger payload.
 */
public final class WebhookTrigger extends PassThroughTrigger<WebhookTrigger.Config> {

  public static final String KEY = "trigger.webhook@1";

  /**
   * @param methods         accepted HTTP methods (default POST)
   * @param respond         {@code immediately}: answer 202 with the execution id at once;
   *                        {@code respond_node}: wait for a Respond node's answer
   * @param timeoutSeconds  how long a caller waits for the Respond node (default 30)
   */
  public record Config(
      @FieldInfo(title = "Accepted methods", help = "Which HTTP methods start the workflow.", kind = FieldKind.LIST)
      List<String> methods,
      @FieldInfo(title = "Answer", help = "Answer at once with the run's id, or wait for a Respond step's answer.",
          kind = FieldKind.SELECT, options = {"immediately", "respond_node"}) String respond,
      @FieldInfo(title = "Wait at most (seconds)", help = "How long a caller waits for the Respond step.",
          kind = FieldKind.NUMBER) Integer timeoutSeconds,
      @FieldInfo(title = "Check the caller", help = "none; header: a secret header must match; hmac: the body must be "
          + "signed (X-Signature: sha256=<hex of HMAC-SHA256 over timestamp.body>, X-Signature-Timestamp: unix seconds).",
          kind = FieldKind.SELECT, options = {"none", "header", "hmac"}) String auth,
      @FieldInfo(title = "Header name", help = "For header checks.", placeholder = "X-Webhook-Secret") String headerName,
      @FieldInfo(title = "Secret", help = "A credential of type webhook.secret with a field 'secret'.",
          kind = FieldKind.CREDENTIAL, credentialType = "webhook.secret") java.util.UUID credentialId) {
    public Config {
      methods = methods == null || methods.isEmpty() ? List.of("POST") : List.copyOf(methods);
      auth = auth == null || auth.isBlank() ? "none" : auth;
      headerName = headerName == null || headerName.isBlank() ? "X-Webhook-Secret" : headerName;
      respond = respond == null || respond.isBlank() ? "immediately" : respond;
      timeoutSeconds = timeoutSeconds == null ? 30 : Math.max(1, Math.min(timeoutSeconds, 120));
    }

    public boolean waitsForRespondNode() {
      return "respond_node".equals(respond);
    }
  }

  public WebhookTrigger() {
    super(Config.class, KEY, "Webhook", "Starts the workflow when another system calls its secret web address.",
        Set.of());
  }

  /** What {@code WebhookReceiver} hands on: the request. */
  @Override
  public Optional<tools.jackson.databind.JsonNode> outputSchema() {
    return Optional.of(OutputSchemas.object("The request that called the webhook",
        "body", OutputSchemas.any("The request's body: its JSON, or its form fields"),
        "query", OutputSchemas.object("The address's query parameters"),
        "headers", OutputSchemas.object("The request's headers, names in lower case"),
        "method", OutputSchemas.text("The HTTP method, such as POST")));
  }
}
