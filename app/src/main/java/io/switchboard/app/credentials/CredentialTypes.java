package io.switchboard.app.credentials;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of credential the steps and providers read, with the secret fields each one uses (the
 * names the nodes and testers look up). Served at {@code GET /api/v1/credentials/types}; the
 * credentials page builds its form from it.
 */
public final class CredentialTypes {

  private CredentialTypes() {}

  public record Field(String key, String label, String help, boolean secret, boolean required, List<String> options) {
    static Field secret(String key, String label, String help) {
      return new Field(key, label, help, true, true, List.of());
    }

    static Field text(String key, String label, String help, boolean required) {
      return new Field(key, label, help, false, required, List.of());
    }

    static Field choice(String key, String label, String help, List<String> options) {
      return new Field(key, label, help, false, true, options);
    }
  }

  public record Type(String type, String label, String description, List<Field> fields) {}

  public static final List<Type> ALL = List.of(
      new Type("twilio", "Twilio", "Sends SMS and WhatsApp messages and places calls from your Twilio numbers.", List.of(
          Field.text("accountSid", "Account SID", "Starts with AC; on your Twilio console's front page.", true),
          Field.secret("authToken", "Auth token", "Next to the Account SID on your Twilio console."))),
      new Type("sendgrid", "SendGrid", "Sends e-mail through SendGrid.", List.of(
          Field.secret("apiKey", "API key", "A SendGrid API key with Mail Send permission."),
          Field.text("webhookVerificationKey", "Event webhook verification key (optional)",
              "The public key SendGrid signs its event webhooks with.", false),
          Field.text("dailyLimit", "Daily sending limit (optional)", "At most this many e-mails a day.", false))),
      new Type("smtp", "SMTP e-mail server", "Sends e-mail through your own mail server.", List.of(
          Field.text("host", "Server", "Such as smtp.example.com.", true),
          Field.text("port", "Port (optional)", "587 when left empty.", false),
          Field.text("username", "User name", "The mailbox to sign in with.", true),
          Field.secret("password", "Password", "The mailbox's password or app password."),
          Field.choice("tls", "Encryption", "STARTTLS for port 587, SSL for port 465.", List.of("starttls", "ssl", "none")),
          Field.text("dailyLimit", "Daily sending limit (optional)", "At most this many e-mails a day.", false))),
      new Type("hubspot", "HubSpot", "Creates and updates contacts and notes in HubSpot.", List.of(
          Field.secret("token", "Private app access token", "From a HubSpot private app with CRM scopes."))),
      new Type("llm", "AI model", "An AI model account for the AI steps.", List.of(
          Field.choice("provider", "Provider", "Who runs the model.",
              List.of("openai", "anthropic", "gemini", "openrouter", "ollama", "sandbox")),
          Field.secret("apiKey", "API key", "The provider's API key (not needed for Ollama or the sandbox)."),
          Field.text("model", "Model (optional)", "The provider's default model when left empty.", false),
          Field.text("baseUrl", "Address (optional)", "Only for a self-hosted or proxy endpoint.", false))),
      new Type("calcom", "Cal.com", "Checks that booking webhooks really come from Cal.com.", List.of(
          Field.secret("webhookSecret", "Webhook secret", "The secret you set on the Cal.com webhook."))),
      new Type("webhook.secret", "Webhook secret", "A secret callers of a webhook trigger must present.", List.of(
          Field.secret("secret", "Secret", "Share it only with the system that calls the webhook."))),
      new Type("http.bearer", "HTTP bearer token", "For the HTTP request step: sent as Authorization: Bearer.", List.of(
          Field.secret("token", "Token", "The API's access token."))),
      new Type("http.basic", "HTTP user name and password", "For the HTTP request step: basic authentication.", List.of(
          Field.text("username", "User name", "", true),
          Field.secret("password", "Password", ""))),
      new Type("http.api-key", "HTTP API key header", "For the HTTP request step: a key sent in a header.", List.of(
          Field.text("header", "Header name", "Such as X-Api-Key.", true),
          Field.secret("value", "Key", "The API key."))));

  public static Optional<Type> of(String type) {
    return ALL.stream().filter(t -> t.type().equals(type)).findFirst();
  }
}
