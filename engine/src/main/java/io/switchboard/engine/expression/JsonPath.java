package io.switchboard.engine.expression;

import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code jsonPath(value, "$.a.b[0]")}: a small, safe subset of JSONPath. Steps are {@code .name},
 * {@code [3]} (negative counts from the end) and {@code ['name']} or {@code ["name"]}; the leading
 * {@code $} may be left out. There are no wildcards, filters or scripts. A step that finds nothing
 * gives null.
 */
final class JsonPath {

  private static final int MAX_PATH_LENGTH = 512;

  private JsonPath() {}

  static void register(FunctionCatalog catalog) {
    catalog.globalAndMember("jsonPath", SimpleType.DYN, 2,
        a -> select(a[0], parse(Arguments.text("jsonPath", a[1]))));
  }

  /** A step: a name (String) or a position (Integer). */
  static List<Object> parse(String path) {
    if (path.length() > MAX_PATH_LENGTH) {
      throw Arguments.problem("jsonPath() paths may be up to " + MAX_PATH_LENGTH + " characters long.");
    }
    List<Object> steps = new ArrayList<>();
    int i = 0;
    int n = path.length();
    if (i < n && path.charAt(i) == '$') {
      i++;
    } else if (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
      path = "." + path;
      n = path.length();
    }
    while (i < n) {
      char c = path.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
          char k = path.charAt(i);
          if (k == '*' || k == '@' || k == '(' || k == '?' || k == ']') {
            throw unsupported(path, i);
          }
          i++;
        }
        if (i == start) {
          throw unsupported(path, i);
        }
        steps.add(path.substring(start, i));
      } else if (c == '[') {
        int close;
        if (i + 1 < n && (path.charAt(i + 1) == '\'' || path.charAt(i + 1) == '"')) {
          char quote = path.charAt(i + 1);
          StringBuilder name = new StringBuilder();
          int j = i + 2;
          while (j < n && path.charAt(j) != quote) {
            if (path.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            name.append(path.charAt(j++));
          }
          if (j + 1 >= n || path.charAt(j + 1) != ']') {
            throw unsupported(path, Math.min(j, n - 1));
          }
          steps.add(name.toString());
          close = j + 1;
        } else {
          close = path.indexOf(']', i);
          String index = close < 0 ? "" : path.substring(i + 1, close).strip();
          if (!index.matches("-?\\d{1,9}")) {
            throw unsupported(path, i + 1);
          }
          steps.add(Integer.parseInt(index));
        }
        i = close + 1;
      } else {
        throw unsupported(path, i);
      }
    }
    return steps;
  }

  static Object select(Object value, List<Object> steps) {
    Object current = value;
    for (Object step : steps) {
      current = step(current, step);
      if (current == null) {
        return NullValue.NULL_VALUE;
      }
    }
    return current;
  }

  private static Object step(Object current, Object step) {
    if (step instanceof String name && current instanceof Map<?, ?> map) {
      return map.containsKey(name) ? map.get(name) : null;
    }
    if (step instanceof Integer position && current instanceof List<?> list) {
      return at(list, position);
    }
    return null;
  }

  private static Object at(List<?> list, int position) {
    int p = position < 0 ? list.size() + position : position;
    return p >= 0 && p < list.size() ? list.get(p) : null;
  }

  private static ExpressionProblem unsupported(String path, int at) {
    return Arguments.problem("jsonPath() cannot read the path \"" + path + "\" at character " + (at + 1)
        + ": only .name, [number] and ['name'] steps are supported, no wildcards or filters.");
  }
}
