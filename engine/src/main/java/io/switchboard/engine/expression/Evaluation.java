package io.switchboard.engine.expression;

import dev.cel.common.CelErrorCode;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelVariableResolver;
import io.switchboard.engine.expression.ExpressionException.Kind;
import tools.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One evaluation, or one template or config rendering, against one scope; in a rendering, all
 * placeholders share one time limit. Not shared between threads. It hands CEL the scope's
 * variables and watches every step CEL takes: past the deadline, or once a step builds text or a
 * list beyond the limits, it stops the evaluation from inside, on the caller's thread, so bounding
 * time costs no thread hop.
 */
final class Evaluation implements CelVariableResolver, CelEvaluationListener, JsonValues.MissedFieldListener {

  private static final CelFunctionResolver NO_CLOCK = CelLateFunctionBindings.from(List.of());
  private static final FieldPath TRIGGER = FieldPath.root("trigger");
  private static final FieldPath NODES = FieldPath.root("nodes");
  private static final FieldPath CONTACT = FieldPath.root("contact");
  private static final FieldPath VARS = FieldPath.root("vars");
  private static final FieldPath INPUT = FieldPath.root("input");
  /** Reading the clock costs ~20 ns; a CEL step costs more, so checking every 16th step is plenty. */
  private static final int DEADLINE_CHECK_EVERY = 16;
  private static final Pattern MISSING_KEY = Pattern.compile(".*key '(.*)' is not present in map.*", Pattern.DOTALL);
  private static final Pattern FIELD_OF_NON_OBJECT =
      Pattern.compile(".*Error resolving field '(.*)'\\. Field selections must be performed on messages or maps.*", Pattern.DOTALL);
  private static final Pattern MISSING_INDEX = Pattern.compile(".*Index out of bounds: (-?\\d+).*", Pattern.DOTALL);
  private static final Pattern FAILED_FUNCTION = Pattern.compile(".*function '([^']*)'.*", Pattern.DOTALL);
  private static final String REGEX_ERROR = "error parsing regexp:";
  private static final Pattern CEL_PREFIX = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");

  private final ExpressionScope scope;
  private final ExpressionLimits limits;
  private final FunctionCatalog catalog;
  /** Evaluation time left; only time spent inside CEL counts, not compiling or converting. */
  private long remainingNanos;
  private long deadline;
  private long steps;
  private ExpressionProblem failure;
  private CelFunctionResolver clock;
  private FieldPath missedOwner;
  private String missedKey;

  Evaluation(ExpressionScope scope, ExpressionLimits limits, FunctionCatalog catalog) {
    this.scope = scope;
    this.limits = limits;
    this.catalog = catalog;
    this.remainingNanos = limits.maxEvaluationTime().toNanos();
  }

  /** The CEL value of the expression; reading a field that is not there is an error naming it. */
  Object run(CompiledExpression compiled) throws ExpressionException {
    return run(compiled, false);
  }

  /** As {@link #run}, but a field or list item that is not there gives null (for templates). */
  Object runLenient(CompiledExpression compiled) throws ExpressionException {
    return run(compiled, true);
  }

  private Object run(CompiledExpression compiled, boolean lenient) throws ExpressionException {
    missedOwner = null;
    missedKey = null;
    CelFunctionResolver functions = compiled.usesClock() ? clock() : NO_CLOCK;
    long started = cpuNanos();
    deadline = started + remainingNanos;
    Object value;
    try {
      value = compiled.program().trace(this, functions, this);
    } catch (CelEvaluationException e) {
      if (failure != null) {
        throw failure.toException();
      }
      ExpressionProblem problem = problemIn(e);
      if (problem != null) {
        throw problem.toException();
      }
      if (lenient && isMissing(e)) {
        return NullValue.NULL_VALUE;
      }
      throw translate(e);
    } catch (ExpressionProblem problem) {
      throw problem.toException();
    } catch (StackOverflowError tooDeep) {
      throw new ExpressionException(Kind.TOO_DEEP, "The expression nests too deeply. Split it into simpler steps.");
    } finally {
      remainingNanos -= cpuNanos() - started;
    }
    // CEL lets '||', '&&' and '? :' absorb errors; a crossed limit must not be absorbed.
    if (failure != null) {
      throw failure.toException();
    }
    return value;
  }

  JsonNode toJson(Object value) throws ExpressionException {
    try {
      return JsonValues.toJson(value, scope.zone(), limits.maxOutputBytes());
    } catch (ExpressionProblem problem) {
      throw problem.toException();
    }
  }

  String toText(Object value) throws ExpressionException {
    try {
      return JsonValues.toText(value, scope.zone(), limits.maxOutputBytes());
    } catch (ExpressionProblem problem) {
      throw problem.toException();
    }
  }

  @Override
  public Optional<Object> find(String name) {
    return switch (name) {
      case "trigger" -> Optional.of(JsonValues.toCel(scope.trigger(), TRIGGER, this));
      case "contact" -> Optional.of(JsonValues.toCel(scope.contact(), CONTACT, this));
      case "vars" -> Optional.of(JsonValues.toCel(scope.vars(), VARS, this));
      case "input" -> Optional.of(JsonValues.toCel(scope.input(), INPUT, this));
      case "nodes" -> Optional.of(new JsonValues.NodesView(scope.nodes(), NODES, this));
      default -> Optional.empty();
    };
  }

  @Override
  public void callback(CelExpr expr, Object value) {
    if (failure != null) {
      throw failure;
    }
    if (++steps % DEADLINE_CHECK_EVERY == 0 && cpuNanos() - deadline > 0) {
      fail(Kind.TIMEOUT, "The expression took longer than the limit of "
          + ExpressionLimits.readableTime(limits.maxEvaluationTime()) + ".");
    }
    switch (value) {
      case String text when text.length() > limits.maxOutputBytes() ->
          fail(Kind.OUTPUT_TOO_LARGE, "The expression built text longer than the limit of "
              + ExpressionLimits.readableBytes(limits.maxOutputBytes()) + ".");
      case Collection<?> list when list.size() > limits.maxIterations() && !JsonValues.isScopeView(list) ->
          fail(Kind.OUTPUT_TOO_LARGE, "The expression built a list of more than " + limits.maxIterations() + " items.");
      case Map<?, ?> map when map.size() > limits.maxIterations() && !JsonValues.isScopeView(map) ->
          fail(Kind.OUTPUT_TOO_LARGE, "The expression built an object of more than " + limits.maxIterations() + " fields.");
      case null, default -> {
        // within bounds
      }
    }
  }

  @Override
  public void missed(FieldPath owner, String key) {
    missedOwner = owner;
    missedKey = key;
  }

  private void fail(Kind kind, String message) {
    failure = new ExpressionProblem(kind, message);
    throw failure;
  }

  private CelFunctionResolver clock() {
    if (clock == null) {
      clock = catalog.clockBindings(scope.now(), scope.zone());
    }
    return clock;
  }

  private static ExpressionProblem problemIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ExpressionProblem problem) {
        return problem;
      }
    }
    return null;
  }

  private static boolean isMissing(CelEvaluationException e) {
    return e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND || e.getErrorCode() == CelErrorCode.INDEX_OUT_OF_BOUNDS;
  }

  private ExpressionException translate(CelEvaluationException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return switch (e.getErrorCode()) {
      case ATTRIBUTE_NOT_FOUND -> missingField(message);
      case INDEX_OUT_OF_BOUNDS -> {
        Matcher m = MISSING_INDEX.matcher(message);
        String position = m.matches() ? " " + m.group(1) : "";
        yield new ExpressionException(Kind.RUNTIME,
            "There is no item at position" + position + " in the list (positions start at 0).");
      }
      case DIVIDE_BY_ZERO -> new ExpressionException(Kind.RUNTIME, "The expression divides by zero.");
      case NUMERIC_OVERFLOW -> new ExpressionException(Kind.RUNTIME,
          "A number in the expression became too large (whole numbers go up to 9,223,372,036,854,775,807).");
      case ITERATION_BUDGET_EXCEEDED -> new ExpressionException(Kind.TIMEOUT,
          "The expression loops too much: all list functions together may take " + limits.maxIterations() + " steps.");
      case OVERLOAD_NOT_FOUND -> {
        Matcher m = FAILED_FUNCTION.matcher(message);
        String what = m.matches() ? OperatorNames.describe(m.group(1)) : "An operator or function";
        yield new ExpressionException(Kind.TYPE, what + " cannot be used with these kinds of values"
            + " (for example text where a number is needed).");
      }
      case DUPLICATE_ATTRIBUTE -> new ExpressionException(Kind.RUNTIME, "An object in the expression has the same key twice.");
      case BAD_FORMAT, INVALID_ARGUMENT -> unreadable(plain(message));
      default -> new ExpressionException(Kind.RUNTIME, "The expression failed: " + plain(message));
    };
  }

  private static ExpressionException unreadable(String detail) {
    if (detail.contains("exceeds allowed program size")) {
      return new ExpressionException(Kind.RUNTIME, "The pattern given to matches() is too complex. Simplify it.");
    }
    if (detail.startsWith(REGEX_ERROR)) {
      return new ExpressionException(Kind.RUNTIME, "The pattern given to matches() is not valid: "
          + detail.substring(REGEX_ERROR.length()).strip() + ".");
    }
    return new ExpressionException(Kind.RUNTIME, "A value could not be read: " + detail
        + (detail.endsWith(".") ? "" : "."));
  }

  private ExpressionException missingField(String message) {
    Matcher notObject = FIELD_OF_NON_OBJECT.matcher(message);
    if (notObject.matches()) {
      return new ExpressionException(Kind.TYPE, "The field '" + notObject.group(1) + "' was read from a value that has "
          + "no fields (text, a number, true/false or a list). Check the path: the part before it is not an object.");
    }
    // CEL says "key 'x' is not present in map" for contact.x, and just "x" for contact["x"].
    Matcher m = MISSING_KEY.matcher(message);
    String key = m.matches() ? m.group(1) : plain(message);
    if (key == null || !key.equals(missedKey) || missedOwner == null) {
      return new ExpressionException(Kind.UNKNOWN_NAME, "The field '" + key + "' does not exist.");
    }
    if (missedOwner.isRoot() && missedOwner.key().equals("nodes")) {
      return new ExpressionException(Kind.UNKNOWN_NAME, "No earlier node named \"" + key + "\" has an output. "
          + "Node names must match exactly, including capitals and spaces.");
    }
    String path = missedOwner.field(key).toString();
    String advice = path.endsWith("]")
        ? " Use default(" + path + ", \"...\") to fall back to a value when it is missing."
        : " Use has(" + path + ") to check for it first, or default(" + path + ", \"...\") to fall back to a value.";
    return new ExpressionException(Kind.UNKNOWN_NAME, "The field " + path + " does not exist." + advice);
  }

  private static String plain(String celMessage) {
    String firstLine = celMessage.lines().findFirst().orElse("");
    return CEL_PREFIX.matcher(firstLine).replaceFirst("").strip();
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

  /**
   * The evaluating thread's CPU time: the time limit bounds the work an expression does, not how
   * long a busy machine kept it waiting for a core (under load, wall time tripped the limit on
   * ordinary templates). Wall time where the JVM cannot measure thread CPU time.
   */
  private static long cpuNanos() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
