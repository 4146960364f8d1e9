package io.switchboard.engine.expression;

import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import io.switchboard.engine.expression.ExpressionException.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

import com.google.common.primitives.UnsignedLong;

/**
 * JSON in, CEL values out, and back. Objects and arrays of the scope are not copied: CEL reads them
 * through read-only views that convert a field only when the expression touches it.
 */
final class JsonValues {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonValues() {}

  /** Told when an expression looks for a field that is not there, so the error can name it. */
  interface MissedFieldListener {
    void missed(FieldPath owner, String key);
  }

  static Object toCel(JsonNode node, FieldPath path, MissedFieldListener listener) {
    return switch (node.getNodeType()) {
      case OBJECT -> new ObjectView(node, path, listener);
      case ARRAY -> new ArrayView(node, path, listener);
      case STRING -> node.stringValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER -> number(node);
      case BINARY -> Base64.getEncoder().encodeToString(node.binaryValue());
      case NULL, MISSING -> NullValue.NULL_VALUE;
      case POJO -> node.asString();
    };
  }

  private static Object number(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    // CEL has 64-bit integers and doubles only; anything wider or decimal becomes a double.
    return node.doubleValue();
  }

  /**
   * A read-only map over named JSON values: an object of the scope, or the nodes' outputs. CEL
   * calls containsKey() to read {@code a.b} and get() for {@code a["b"]}; both tell the listener
   * about a miss so the error can name the field.
   */
  abstract static sealed class FieldsView extends AbstractMap<String, Object> permits ObjectView, NodesView {
    private final FieldPath path;
    private final MissedFieldListener listener;

    FieldsView(FieldPath path, MissedFieldListener listener) {
      this.path = path;
      this.listener = listener;
    }

    /** The named value, or null when there is none. */
    abstract JsonNode field(String name);

    abstract Set<Entry<String, JsonNode>> fields();

    @Override
    public boolean containsKey(Object key) {
      if (!(key instanceof String name)) {
        return false;
      }
      if (field(name) != null) {
        return true;
      }
      listener.missed(path, name);
      return false;
    }

    @Override
    public Object get(Object key) {
      if (!(key instanceof String name)) {
        return null;
      }
      JsonNode child = field(name);
      if (child == null) {
        listener.missed(path, name);
        return null;
      }
      return toCel(child, path.field(name), listener);
    }

    @Override
    public int size() {
      return fields().size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Set<Entry<String, JsonNode>> fields = fields();
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Entry<String, JsonNode>> it = fields.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Entry<String, JsonNode> e = it.next();
              return new SimpleImmutableEntry<>(e.getKey(), toCel(e.getValue(), path.field(e.getKey()), listener));
            }
          };
        }

        @Override
        public int size() {
          return fields.size();
        }
      };
    }
  }

  /** A read-only map over a JSON object. */
  static final class ObjectView extends FieldsView {
    final JsonNode node;

    ObjectView(JsonNode node, FieldPath path, MissedFieldListener listener) {
      super(path, listener);
      this.node = node;
    }

    @Override
    JsonNode field(String name) {
      return node.get(name);
    }

    @Override
    Set<Entry<String, JsonNode>> fields() {
      return node.properties();
    }
  }

  /** A read-only list over a JSON array. */
  static final class ArrayView extends AbstractList<Object> implements RandomAccess {
    final JsonNode node;
    private final FieldPath path;
    private final MissedFieldListener listener;

    ArrayView(JsonNode node, FieldPath path, MissedFieldListener listener) {
      this.node = node;
      this.path = path;
      this.listener = listener;
    }

    @Override
    public Object get(int index) {
      JsonNode child = node.get(index);
      if (child == null) {
        throw new IndexOutOfBoundsException(index);
      }
      return toCel(child, path.item(index), listener);
    }

    @Override
    public int size() {
      return node.size();
    }
  }

  /** A read-only map over the outputs of earlier nodes, keyed by node name. */
  static final class NodesView extends FieldsView {
    private final Map<String, JsonNode> outputs;

    NodesView(Map<String, JsonNode> outputs, FieldPath path, MissedFieldListener listener) {
      super(path, listener);
      this.outputs = outputs;
    }

    @Override
    JsonNode field(String name) {
      return outputs.get(name);
    }

    @Override
    Set<Entry<String, JsonNode>> fields() {
      return outputs.entrySet();
    }
  }

  /** True for lists and maps that come from the scope rather than being built by the expression. */
  static boolean isScopeView(Object value) {
    return value instanceof FieldsView || value instanceof ArrayView;
  }

  /**
   * A CEL value as JSON, refusing once the JSON would pass {@code maxBytes}. Dates become ISO-8601
   * text in the scope's zone.
   */
  static JsonNode toJson(Object value, ZoneId zone, int maxBytes) {
    Budget budget = new Budget(maxBytes);
    return toJson(value, zone, budget);
  }

  private static JsonNode toJson(Object value, ZoneId zone, Budget budget) {
    switch (value) {
      case ObjectView view -> {
        budget.spend(view.node);
        return view.node.deepCopy();
      }
      case ArrayView view -> {
        budget.spend(view.node);
        return view.node.deepCopy();
      }
      case String text -> {
        budget.spend(utf8Length(text) + 2L);
        return JSON.stringNode(text);
      }
      case Boolean bool -> {
        budget.spend(5);
        return JSON.booleanNode(bool);
      }
      case Long number -> {
        budget.spend(20);
        return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE
            ? JSON.numberNode(number.intValue())
            : JSON.numberNode(number);
      }
      case Double number -> {
        budget.spend(24);
        requireFinite(number);
        return JSON.numberNode(number);
      }
      case UnsignedLong number -> {
        budget.spend(20);
        return JSON.numberNode(number.bigIntegerValue());
      }
      case NullValue ignored -> {
        budget.spend(4);
        return NullNode.getInstance();
      }
      case Instant instant -> {
        budget.spend(40);
        return JSON.stringNode(formatInstant(instant, zone));
      }
      case Duration duration -> {
        budget.spend(40);
        return JSON.stringNode(duration.toString());
      }
      case CelByteString bytes -> {
        String text = Base64.getEncoder().encodeToString(bytes.toByteArray());
        budget.spend(text.length() + 2L);
        return JSON.stringNode(text);
      }
      case CelType type -> {
        budget.spend(type.name().length() + 2L);
        return JSON.stringNode(type.name());
      }
      case Map<?, ?> map -> {
        budget.spend(2);
        ObjectNode object = JSON.objectNode();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String key = keyText(entry.getKey());
          budget.spend(utf8Length(key) + 4L);
          object.set(key, toJson(entry.getValue(), zone, budget));
        }
        return object;
      }
      case Collection<?> list -> {
        budget.spend(2);
        ArrayNode array = JSON.arrayNode();
        for (Object item : list) {
          budget.spend(1);
          array.add(toJson(item, zone, budget));
        }
        return array;
      }
      default -> throw new ExpressionProblem(Kind.TYPE, "The expression gave a value that cannot be turned into data.");
    }
  }

  private static String keyText(Object key) {
    return key instanceof String text ? text : String.valueOf(key);
  }

  /**
   * A CEL value as template text: text as is, null as nothing, numbers without a needless ".0",
   * dates in ISO-8601 in the scope's zone, lists and objects as compact JSON.
   */
  static String toText(Object value, ZoneId zone, int maxBytes) {
    return switch (value) {
      case String text -> text;
      case NullValue ignored -> "";
      case Boolean bool -> bool.toString();
      case Long number -> number.toString();
      case UnsignedLong number -> number.toString();
      case Double number -> formatDouble(number);
      case Instant instant -> formatInstant(instant, zone);
      case Duration duration -> duration.toString();
      default -> toJson(value, zone, maxBytes).toString();
    };
  }

  static String formatDouble(double number) {
    requireFinite(number);
    if (number == Math.rint(number) && Math.abs(number) < 1e15) {
      return Long.toString((long) number);
    }
    return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
  }

  static String formatInstant(Instant instant, ZoneId zone) {
    return OffsetDateTime.ofInstant(instant, zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static void requireFinite(double number) {
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      throw new ExpressionProblem(Kind.RUNTIME,
          "The expression gave a number that is not a real number (for example from dividing by zero).");
    }
  }

  /** The kind of a value in a tenant's words, for error messages. */
  static String describe(Object value) {
    return switch (value) {
      case null -> "nothing";
      case String ignored -> "text";
      case Long ignored -> "a whole number";
      case Double ignored -> "a number";
      case UnsignedLong ignored -> "a whole number";
      case Boolean ignored -> "true/false";
      case NullValue ignored -> "null";
      case Map<?, ?> ignored -> "an object";
      case List<?> ignored -> "a list";
      case Instant ignored -> "a date";
      case Duration ignored -> "a duration";
      case CelByteString ignored -> "bytes";
      case CelType ignored -> "a type";
      default -> "a value of an unknown kind";
    };
  }

  static int utf8Length(CharSequence text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Counts JSON bytes as a result is built, and refuses once the limit is passed. */
  private static final class Budget {
    private final int limit;
    private long used;

    Budget(int limit) {
      this.limit = limit;
    }

    void spend(long bytes) {
      used += bytes;
      if (used > limit) {
        throw new ExpressionProblem(Kind.OUTPUT_TOO_LARGE,
            "The result is larger than the limit of " + ExpressionLimits.readableBytes(limit) + ".");
      }
    }

    void spend(JsonNode node) {
      switch (node.getNodeType()) {
        case OBJECT -> {
          spend(2);
          for (Map.Entry<String, JsonNode> e : node.properties()) {
            spend(utf8Length(e.getKey()) + 4L);
            spend(e.getValue());
          }
        }
        case ARRAY -> {
          spend(2);
          for (JsonNode item : node) {
            spend(1);
            spend(item);
          }
        }
        case STRING -> spend(utf8Length(node.stringValue()) + 2L);
        case NUMBER -> spend(node.isBigDecimal() || node.isBigInteger() ? node.asString().length() : 20);
        case BINARY -> spend(node.binaryValue().length * 4L / 3 + 4);
        default -> spend(5);
      }
    }
  }
}
