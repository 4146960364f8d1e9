package io.switchboard.engine.expression;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.CelVarDecl;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import io.switchboard.engine.expression.ExpressionException.Kind;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL environment tenants write in: standard CEL, the Switchboard function library, the
 * {@code default} macro and the four scope variables, with the parser and runtime bounds of the
 * {@link ExpressionLimits}. Compiling is reading, refusing forbidden names, type-checking and
 * planning; it never evaluates anything.
 */
final class ExpressionLanguage {

  static final List<String> VARIABLES = List.of("trigger", "nodes", "contact", "vars", "input");

  /** re2j compiles regular expressions to linear-time programs; this caps their size as well. */
  private static final int MAX_REGEX_PROGRAM_SIZE = 1_000;

  private final ExpressionLimits limits;
  private final FunctionCatalog catalog;
  private final Cel cel;
  private final Set<String> knownNames;

  ExpressionLanguage(ExpressionLimits limits) {
    this.limits = limits;
    this.catalog = new FunctionCatalog();
    TextFunctions.register(catalog, limits);
    NumberFunctions.register(catalog);
    ListFunctions.register(catalog, limits);
    DateFunctions.register(catalog);
    JsonPath.register(catalog);
    DefaultMacro.register(catalog);

    CelOptions options = CelOptions.current()
        .maxExpressionCodePointSize(limits.maxExpressionLength())
        .maxParseRecursionDepth(limits.maxNestingDepth())
        .comprehensionMaxIterations(limits.maxIterations())
        .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
        // Values as plain Java (Instant, Duration, NullValue), not protobuf messages.
        .evaluateCanonicalTypesToNativeValues(true)
        // JSON numbers: a count of 3 compares with 2.5 as people expect.
        .enableHeterogeneousNumericComparisons(true)
        // The loop accumulator gets a name tenants cannot write, so they cannot grow it by hand.
        .enableHiddenAccumulatorVar(true)
        .errorOnDuplicateMapKeys(true)
        .build();
    this.cel = CelFactory.standardCelBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addMacros(DefaultMacro.MACRO)
        .addVarDeclarations(
            CelVarDecl.newVarDeclaration("trigger", SimpleType.DYN),
            CelVarDecl.newVarDeclaration("nodes", MapType.create(SimpleType.STRING, SimpleType.DYN)),
            CelVarDecl.newVarDeclaration("contact", SimpleType.DYN),
            CelVarDecl.newVarDeclaration("vars", SimpleType.DYN),
            CelVarDecl.newVarDeclaration("input", SimpleType.DYN))
        .addFunctionDeclarations(catalog.declarations())
        .addFunctionBindings(catalog.bindings())
        .build();
    Set<String> names = new LinkedHashSet<>(VARIABLES);
    names.addAll(catalog.functionNames());
    names.addAll(List.of("size", "has", "default", "contains", "startsWith", "endsWith", "matches", "int",
        "double", "string", "timestamp", "duration", "all", "exists", "exists_one", "map", "filter"));
    this.knownNames = Set.copyOf(names);
  }

  FunctionCatalog catalog() {
    return catalog;
  }

  Outcome<CompiledExpression> compile(String source) {
    if (source == null || source.isBlank()) {
      return new Outcome.Refused<>(Kind.SYNTAX, "The expression is empty.");
    }
    if (source.length() > limits.maxExpressionLength()) {
      return new Outcome.Refused<>(Kind.TOO_LONG, "The expression is " + source.length()
          + " characters long; the limit is " + limits.maxExpressionLength() + ".");
    }
    try {
      return compileChecked(source);
    } catch (StackOverflowError tooDeep) {
      // The parse depth limit should stop this first; this is the last line of defence.
      return new Outcome.Refused<>(Kind.TOO_DEEP, "The expression nests too deeply. Split it into simpler steps.");
    }
  }

  private Outcome<CompiledExpression> compileChecked(String source) {
    CelValidationResult parsed = cel.parse(source);
    if (parsed.hasError()) {
      return CompileProblems.parsing(parsed.getErrors(), limits.maxNestingDepth());
    }
    CelAbstractSyntaxTree parsedAst = astOf(parsed);
    Optional<String> forbidden = ForbiddenNames.find(parsedAst.getExpr());
    if (forbidden.isPresent()) {
      return new Outcome.Refused<>(Kind.FORBIDDEN, ForbiddenNames.message(forbidden.get()));
    }
    CelValidationResult checked = cel.check(parsedAst);
    if (checked.hasError()) {
      return CompileProblems.checking(checked.getErrors(), parsedAst.getExpr(), knownNames);
    }
    CelAbstractSyntaxTree ast = astOf(checked);
    boolean usesClock = SyntaxTree.find(ast.getExpr(), expr ->
        expr.getKind() == CelExpr.ExprKind.Kind.CALL && catalog.isClockFunction(expr.call().function())
            ? Optional.of(true)
            : Optional.<Boolean>empty()).isPresent();
    try {
      return new Outcome.Ready<>(new CompiledExpression(source, cel.createProgram(ast), usesClock, ast.getResultType()));
    } catch (CelEvaluationException unplannable) {
      return new Outcome.Refused<>(Kind.SYNTAX, "The expression could not be prepared: "
          + unplannable.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static CelAbstractSyntaxTree astOf(CelValidationResult result) {
    try {
      return result.getAst();
    } catch (CelValidationException impossible) {
      // Only called after hasError() was false.
      throw new IllegalStateException(impossible);
    }
  }
}
