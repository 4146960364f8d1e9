package io.switchboard.templates.n8n;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates n8n's JavaScript expressions to Switchboard's, for the common forms: {@code $json.x},
 * {@code $json["x"]}, {@code $('Node').item.json.x} (also {@code first()}, {@code last()}),
 * {@code $node["Node"].json.x}, {@code $input.item.json}, {@code $vars.x} and {@code $now}. Anything
 * else a translation cannot vouch for (method calls, other {@code $} helpers) is left as written and
 * reported, for a person to fix.
 */
public final class N8nExpressions {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern NODE_CALL = Pattern.compile(
      "\\$\\(\\s*(['\"])(.+?)\\1\\s*\\)\\s*\\.\\s*(?:item|first\\(\\s*\\)|last\\(\\s*\\))\\s*\\.\\s*json");
  private static final Pattern NODE_INDEX = Pattern.compile("\\$node\\s*\\[\\s*(['\"])(.+?)\\1\\s*]\\s*\\.\\s*json");
  private static final Pattern INPUT = Pattern.compile("\\$input\\s*\\.\\s*(?:item|first\\(\\s*\\)|last\\(\\s*\\))\\s*\\.\\s*json");
  private static final Pattern JSON = Pattern.compile("\\$json\\b");
  private static final Pattern VARS = Pattern.compile("\\$vars\\b");
  private static final Pattern NOW = Pattern.compile("\\$now\\b");
  private static final Pattern LEFT_OVER = Pattern.compile("\\$[A-Za-z_(]");

  private N8nExpressions() {}

  /** A translated value: the text, and what could not be translated (empty when all went well). */
  public record Translation(String text, boolean expression, List<String> problems) {}

  /**
   * A parameter value: plain text stays as it is; an n8n expression ({@code =...}) becomes a template
   * whose placeholders are translated.
   */
  public static Translation template(String value) {
    if (value == null || !value.startsWith("=")) {
      return new Translation(value == null ? "" : value, false, List.of());
    }
    List<String> problems = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(value.substring(1));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inner = translateCode(m.group(1).trim(), problems);
      m.appendReplacement(out, Matcher.quoteReplacement("{{ " + inner + " }}"));
    }
    m.appendTail(out);
    return new Translation(out.toString(), true, problems);
  }

  /**
   * A value used where Switchboard wants a bare expression (a condition's operand): an n8n
   * expression that is exactly one placeholder gives its code; plain text gives a quoted string
   * (or the number or boolean it is, when {@code typed}).
   */
  public static Translation operand(Object value, String type) {
    if (value instanceof String s && s.startsWith("=")) {
      String body = s.substring(1).trim();
      Matcher m = PLACEHOLDER.matcher(body);
      if (m.matches()) {
        List<String> problems = new ArrayList<>();
        return new Translation(translateCode(m.group(1).trim(), problems), true, problems);
      }
      Translation t = template(s);
      return new Translation(quote(t.text()), true, t.problems());
    }
    if (value == null) {
      return new Translation("null", false, List.of());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return new Translation(String.valueOf(value), false, List.of());
    }
    String s = String.valueOf(value);
    if (("number".equals(type) && s.matches("-?\\d+(\\.\\d+)?")) || ("boolean".equals(type) && s.matches("true|false"))) {
      return new Translation(s, false, List.of());
    }
    return new Translation(quote(s), false, List.of());
  }

  static String translateCode(String code, List<String> problems) {
    String out = replace(NODE_CALL, code, m -> "nodes[" + quote(m.group(2)) + "]");
    out = replace(NODE_INDEX, out, m -> "nodes[" + quote(m.group(2)) + "]");
    out = replace(INPUT, out, m -> "input");
    out = replace(JSON, out, m -> "input");
    out = replace(VARS, out, m -> "vars");
    out = replace(NOW, out, m -> "now()");
    if (LEFT_OVER.matcher(out).find()) {
      problems.add("\"" + code + "\" uses n8n helpers that have no Switchboard equivalent");
    }
    return out;
  }

  private static String replace(Pattern p, String in, Function<Matcher, String> with) {
    Matcher m = p.matcher(in);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
