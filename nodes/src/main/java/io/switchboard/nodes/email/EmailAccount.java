package io.switchboard.nodes.email;

import java.net.URI;

/**
 * An account e-mail leaves through: a SendGrid API key (the workspace's, or its sandbox twin) or the
 * workspace's own SMTP server. {@link #key()} names the account for the daily send limit: the
 * credential id, or {@code sandbox}.
 */
public sealed interface EmailAccount {

  String key();

  boolean sandbox();

  /** The most e-mails this account may send in one UTC day. */
  int dailyLimit();

  /** Where its provider is called: {@code sendgrid}, {@code smtp} or {@code sandbox}. */
  default String provider() {
    return sandbox() ? "sandbox" : this instanceof SendGrid ? "sendgrid" : "smtp";
  }

  /** SendGrid's v3 API at {@code apiBase} (https://api.sendgrid.com, the sandbox, a local server). */
  record SendGrid(String key, String apiKey, URI apiBase, boolean sandbox, int dailyLimit) implements EmailAccount {
    public static final URI SENDGRID_API = URI.create("https://api.sendgrid.com");

    @Override
    public String toString() {
      return "SendGrid[" + key + " at " + apiBase + ", key hidden]";
    }
  }

  /** An SMTP server; {@code tls}: STARTTLS required, implicit TLS (port 465), or none. */
  record Smtp(String key, String host, int port, String username, String password, Tls tls, int dailyLimit)
      implements EmailAccount {
    public enum Tls { STARTTLS, SSL, NONE }

    @Override
    public boolean sandbox() {
      return false;
    }

    @Override
    public String toString() {
      return "Smtp[" + key + " " + host + ":" + port + " " + tls + ", password hidden]";
    }
  }
}
