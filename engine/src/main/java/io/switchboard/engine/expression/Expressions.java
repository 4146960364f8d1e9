package io.switchboard.engine.expression;

import dev.cel.common.types.CelKind;
import io.switchboard.engine.expression.ExpressionException.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates tenant expressions and templates safely. Expressions are CEL (Common Expression
 * Language): they can read the scope's data and call the built-in functions, nothing else: no
 * Java classes, reflection, files, network or environment, and no other tenant's data, since all
 * they see is the {@link ExpressionScope} passed in. Every evaluation is bounded by the
 * {@link ExpressionLimits}.
 *
 * <p>Thread-safe: share one instance. Compiled expressions and templates, and refusals, are kept in
 * bounded least-recently-used caches, so a hot expression is compiled once.
 *
 * <p>Missing fields: in {@link #evaluate} and {@link #test}, reading a field that is not there is
 * an {@code expression_unknown_name} error naming the field (use {@code has()} or
 * {@code default()}); in templates ({@link #render}, {@link #renderConfig}) a placeholder that reads
 * a missing field or list item renders as empty text, or as null when it is a whole value.
 */
public final class Expressions {

  private static final int CACHED_EXPRESSIONS = 4096;
  private static final int CACHED_TEMPLATES = 2048;
  /** Each cache keeps at most about this much memory (measured: ~100 bytes per expression character). */
  private static final long CACHE_BYTES = 32L * 1024 * 1024;
  private static final long BYTES_PER_EXPRESSION_CHAR = 100;

  private final ExpressionLimits limits;
  private final ExpressionLanguage language;
  private final BoundedCache<String, Outcome<CompiledExpression>> expressions;
  private final BoundedCache<String, Outcome<Template>> templates;

  public Expressions(ExpressionLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.language = new ExpressionLanguage(limits);
    this.expressions = new BoundedCache<>(CACHED_EXPRESSIONS, CACHE_BYTES, Expressions::weightOfExpression);
    this.templates = new BoundedCache<>(CACHED_TEMPLATES, CACHE_BYTES, Expressions::weightOfTemplate);
  }

  public static Expressions withDefaults() {
    return new Expressions(ExpressionLimits.defaults());
  }

  public ExpressionLimits limits() {
    return limits;
  }

  /** The value of {@code expression} as JSON; dates become ISO-8601 text in the scope's zone. */
  public JsonNode evaluate(String expression, ExpressionScope scope) throws ExpressionException {
    Objects.requireNonNull(scope, "scope");
    CompiledExpression compiled = compile(expression).orThrow();
    Evaluation evaluation = new Evaluation(scope, limits, language.catalog());
    return evaluation.toJson(evaluation.run(compiled));
  }

  /** Whether {@code condition} holds; a condition that gives anything but true or false is an error. */
  public boolean test(String condition, ExpressionScope scope) throws ExpressionException {
    Objects.requireNonNull(scope, "scope");
    CompiledExpression compiled = compile(condition).orThrow();
    Optional<String> notBoolean = nonBooleanKind(compiled.resultType().kind());
    if (notBoolean.isPresent()) {
      throw new ExpressionException(Kind.TYPE, "A condition must give true or false, but this one gives "
          + notBoolean.get() + ".");
    }
    Object value = new Evaluation(scope, limits, language.catalog()).run(compiled);
    if (value instanceof Boolean holds) {
      return holds;
    }
    throw new ExpressionException(Kind.TYPE, "A condition must give true or false, but this one gave "
        + JsonValues.describe(value) + ".");
  }

  /** {@code template} with each {@code {{ expression }}} replaced by its value as text. */
  public String render(String template, ExpressionScope scope) throws ExpressionException {
    Objects.requireNonNull(scope, "scope");
    Template compiled = compileTemplate(template).orThrow();
    if (compiled.isPlainText()) {
      return template;
    }
    return renderText(compiled, new Evaluation(scope, limits, language.catalog()));
  }

  /**
   * {@code config} with every string rendered as a template. A string that is a single
   * placeholder, such as {@code "{{ trigger.body.count }}"}, becomes the value itself with its JSON
   * type (number, object...). Keys and non-string values are kept as they are. One time limit
   * covers the whole config.
   */
  public JsonNode renderConfig(JsonNode config, ExpressionScope scope) throws ExpressionException {
    Objects.requireNonNull(scope, "scope");
    if (config == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    return renderNode(config, new Evaluation(scope, limits, language.catalog()), "");
  }

  /** Reads and type-checks {@code expression} without evaluating it: empty if fine, else the problem. */
  public Optional<String> check(String expression) {
    return problemOf(compile(expression));
  }

  /** As {@link #check}, for a template with {@code {{ }}} placeholders. */
  public Optional<String> checkTemplate(String template) {
    return problemOf(compileTemplate(template));
  }

  /** What the checker already knows a result to be, when that is certainly not true or false. */
  private static Optional<String> nonBooleanKind(CelKind kind) {
    return Optional.ofNullable(switch (kind) {
      case INT, UINT -> "a whole number";
      case DOUBLE -> "a number";
      case STRING -> "text";
      case LIST -> "a list";
      case MAP -> "an object";
      case TIMESTAMP -> "a date";
      case DURATION -> "a duration";
      case NULL_TYPE -> "null";
      case BYTES -> "bytes";
      default -> null;
    });
  }

  private Outcome<CompiledExpression> compile(String expression) {
    if (expression == null) {
      return new Outcome.Refused<>(Kind.SYNTAX, "The expression is empty.");
    }
    if (expression.length() > limits.maxExpressionLength()) {
      return language.compile(expression); // refused at once; not worth a cache entry keyed by huge text
    }
    return expressions.get(expression, language::compile);
  }

  private Outcome<Template> compileTemplate(String template) {
    if (template == null) {
      return new Outcome.Refused<>(Kind.SYNTAX, "The template is empty.");
    }
    if (template.length() > limits.maxOutputBytes()) {
      return Template.compile(template, limits, this::compile);
    }
    return templates.get(template, text -> Template.compile(text, limits, this::compile));
  }

  private static long weightOfExpression(String source, Outcome<CompiledExpression> outcome) {
    return switch (outcome) {
      case Outcome.Ready<CompiledExpression> ignored -> source.length() * BYTES_PER_EXPRESSION_CHAR;
      case Outcome.Refused<CompiledExpression> refused -> 2L * (source.length() + refused.message().length());
    };
  }

  private static long weightOfTemplate(String text, Outcome<Template> outcome) {
    long weight = 2L * text.length();
    if (outcome instanceof Outcome.Ready<Template> ready) {
      for (Template.Part part : ready.value().parts()) {
        weight += switch (part) {
          case Template.Text literal -> 2L * literal.text().length();
          case Template.Placeholder placeholder -> placeholder.source().length() * BYTES_PER_EXPRESSION_CHAR;
        };
      }
    }
    return weight;
  }

  private static Optional<String> problemOf(Outcome<?> outcome) {
    return switch (outcome) {
      case Outcome.Ready<?> ignored -> Optional.empty();
      case Outcome.Refused<?> refused -> Optional.of(refused.message());
    };
  }

  private String renderText(Template template, Evaluation evaluation) throws ExpressionException {
    StringBuilder out = new StringBuilder();
    for (Template.Part part : template.parts()) {
      switch (part) {
        case Template.Text text -> out.append(text.text());
        case Template.Placeholder placeholder -> out.append(valueText(placeholder, evaluation));
      }
      if (out.length() > limits.maxOutputBytes()) {
        throw renderedTooLarge();
      }
    }
    if (JsonValues.utf8Length(out) > limits.maxOutputBytes()) {
      throw renderedTooLarge();
    }
    return out.toString();
  }

  private static String valueText(Template.Placeholder placeholder, Evaluation evaluation) throws ExpressionException {
    try {
      return evaluation.toText(evaluation.runLenient(placeholder.expression()));
    } catch (ExpressionException e) {
      throw new ExpressionException(e.kind(), Template.in(placeholder.source(), e.getMessage()));
    }
  }

  private ExpressionException renderedTooLarge() {
    return new ExpressionException(Kind.OUTPUT_TOO_LARGE, "The rendered text is larger than the limit of "
        + ExpressionLimits.readableBytes(limits.maxOutputBytes()) + ".");
  }

  // Settings without placeholders come back as the very same node (objects and arrays are copied
  // only when something inside them was filled in), so a step's fixed settings are not rebuilt on
  // every run and callers can recognise them. Nothing may change a rendered node in place.
  private JsonNode renderNode(JsonNode node, Evaluation evaluation, String path) throws ExpressionException {
    if (node.isObject()) {
      ObjectNode rendered = null;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = field.getValue();
        JsonNode filled = value.isContainer() || isTemplate(value)
            ? renderNode(value, evaluation, path.isEmpty() ? field.getKey() : path + "." + field.getKey()) : value;
        if (filled != value && rendered == null) {
          rendered = copyBefore((ObjectNode) node, field.getKey());
        }
        if (rendered != null) {
          rendered.set(field.getKey(), filled);
        }
      }
      return rendered == null ? node : rendered;
    }
    if (node.isArray()) {
      ArrayNode rendered = null;
      for (int i = 0; i < node.size(); i++) {
        JsonNode value = node.get(i);
        JsonNode filled = value.isContainer() || isTemplate(value) ? renderNode(value, evaluation, path + "[" + i + "]") : value;
        if (filled != value && rendered == null) {
          rendered = JsonNodeFactory.instance.arrayNode();
          for (int j = 0; j < i; j++) {
            rendered.add(node.get(j));
          }
        }
        if (rendered != null) {
          rendered.add(filled);
        }
      }
      return rendered == null ? node : rendered;
    }
    if (!isTemplate(node)) {
      return node;
    }
    try {
      return renderString(node.stringValue(), evaluation);
    } catch (ExpressionException e) {
      throw path.isEmpty() ? e : new ExpressionException(e.kind(), "In the setting " + path + ": " + e.getMessage());
    }
  }

  private static boolean isTemplate(JsonNode node) {
    return node.isString() && node.stringValue().contains("{{");
  }

  // A copy of the fields of {@code node} that come before {@code key}.
  private static ObjectNode copyBefore(ObjectNode node, String key) {
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getKey().equals(key)) {
        break;
      }
      copy.set(field.getKey(), field.getValue());
    }
    return copy;
  }

  private JsonNode renderString(String text, Evaluation evaluation) throws ExpressionException {
    Template template = compileTemplate(text).orThrow();
    Optional<Template.Placeholder> whole = template.wholeValue();
    if (whole.isEmpty()) {
      return JsonNodeFactory.instance.stringNode(renderText(template, evaluation));
    }
    Template.Placeholder placeholder = whole.get();
    try {
      return evaluation.toJson(evaluation.runLenient(placeholder.expression()));
    } catch (ExpressionException e) {
      throw new ExpressionException(e.kind(), Template.in(placeholder.source(), e.getMessage()));
    }
  }
}
