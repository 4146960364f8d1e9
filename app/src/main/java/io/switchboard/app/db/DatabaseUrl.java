package io.switchboard.app.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL location given as {@code DATABASE_URL}, in either the JDBC form
 * ({@code jdbc:postgresql://host:5432/db?user=u&password=p}) or the common URL form
 * ({@code postgres://u:p@host:5432/db}). Credentials may also come from {@code DATABASE_USER} and
 * {@code DATABASE_PASSWORD}.
 */
public record DatabaseUrl(String host, int port, String database, Optional<String> user, Optional<String> password,
                          String query) {

  public static DatabaseUrl parse(String url, String userOverride, String passwordOverride) {
    String raw = url.trim();
    if (raw.startsWith("jdbc:")) {
      raw = raw.substring("jdbc:".length());
    }
    URI uri;
    try {
      uri = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DATABASE_URL is not a valid URL: expected postgres://user:password@host:5432/database");
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("");
    if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
      throw new IllegalArgumentException("DATABASE_URL must start with postgres:// or jdbc:postgresql:// (it starts with '" + scheme + ":')");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("DATABASE_URL has no host: expected postgres://user:password@host:5432/database");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = Optional.of(decode(parts[0]));
      if (parts.length == 2) {
        password = Optional.of(decode(parts[1]));
      }
    }
    StringBuilder rest = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        String key = decode(kv[0]);
        String value = kv.length == 2 ? decode(kv[1]) : "";
        switch (key) {
          case "user" -> user = Optional.of(value);
          case "password" -> password = Optional.of(value);
          default -> rest.append(rest.isEmpty() ? "" : "&").append(pair);
        }
      }
    }
    if (userOverride != null && !userOverride.isBlank()) {
      user = Optional.of(userOverride);
    }
    if (passwordOverride != null && !passwordOverride.isBlank()) {
      password = Optional.of(passwordOverride);
    }
    String path = Optional.ofNullable(uri.getPath()).orElse("");
    String database = path.startsWith("/") ? path.substring(1) : path;
    return new DatabaseUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
        database.isEmpty() ? "postgres" : database, user, password, rest.toString());
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
  }

  /** Where, without credentials: safe to print. */
  public String describe() {
    return host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
