package io.switchboard.engine.graph;

import java.util.regex.Pattern;

/** Field paths such as {@code config.cases[1].when} or {@code config["odd key"]}. */
final class JsonPaths {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  private JsonPaths() {
  }

  static String key(String parent, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The first key of a path's remainder: {@code .to.x} gives {@code to}, {@code ["a.b"]} gives {@code a.b}. */
  static String firstKey(String rest) {
    if (rest.startsWith(".")) {
      int end = 1;
      while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
        end++;
      }
      return rest.substring(1, end);
    }
    if (rest.startsWith("[\"")) {
      StringBuilder key = new StringBuilder();
      for (int i = 2; i < rest.length(); i++) {
        char c = rest.charAt(i);
        if (c == '\\' && i + 1 < rest.length()) {
          key.append(rest.charAt(++i));
        } else if (c == '"') {
          break;
        } else {
          key.append(c);
        }
      }
      return key.toString();
    }
    return rest;
  }
}
