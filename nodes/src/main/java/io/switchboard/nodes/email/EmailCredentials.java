package io.switchboard.nodes.email;

import io.switchboard.engine.spi.Credential;

import java.net.URI;
import java.util.Locale;

/** The sending account a stored {@code sendgrid} or {@code smtp} credential stands for. */
public final class EmailCredentials {

  private EmailCredentials() {}

  /** A credential that cannot send e-mail; {@code code} is stable, the message in plain words. */
  public static final class Unusable extends Exception {
    private final String code;

    Unusable(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public static EmailAccount account(Credential credential, URI sendGridApi, int defaultDailyLimit) throws Unusable {
    int limit = credential.field("dailyLimit").map(String::strip).filter(s -> s.matches("\\d{1,9}"))
        .map(Integer::parseInt).orElse(defaultDailyLimit);
    String key = credential.id().toString();
    return switch (credential.type()) {
      case "sendgrid" -> new EmailAccount.SendGrid(key, required(credential, "apiKey"), sendGridApi, false, limit);
      case "smtp" -> {
        String host = required(credential, "host");
        int port = credential.field("port").map(String::strip).filter(s -> s.matches("\\d{1,5}")).map(Integer::parseInt)
            .filter(p -> p > 0 && p < 65536).orElse(587);
        EmailAccount.Smtp.Tls tls = switch (credential.field("tls").orElse("starttls").strip().toLowerCase(Locale.ROOT)) {
          case "ssl", "implicit", "smtps" -> EmailAccount.Smtp.Tls.SSL;
          case "none", "false", "no", "off" -> EmailAccount.Smtp.Tls.NONE;
          default -> EmailAccount.Smtp.Tls.STARTTLS;
        };
        yield new EmailAccount.Smtp(key, host, port, credential.field("username").orElse(""),
            credential.field("password").orElse(""), tls, limit);
      }
      default -> throw new Unusable("credential_type", "the credential \"" + credential.name() + "\" is a "
          + credential.type() + " credential; e-mail needs a sendgrid or smtp one.");
    };
  }

  private static String required(Credential credential, String field) throws Unusable {
    return credential.field(field).map(String::strip).filter(s -> !s.isEmpty())
        .orElseThrow(() -> new Unusable("credential_incomplete", "the credential \"" + credential.name()
            + "\" has no " + field + "; edit it and fill it in."));
  }
}
