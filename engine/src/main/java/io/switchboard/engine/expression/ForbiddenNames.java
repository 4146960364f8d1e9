package io.switchboard.engine.expression;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.parser.Operator;

import java.util.Optional;
import java.util.Set;

/**
 * Names that only an attempt to escape the sandbox would use: Java classes, reflection, the
 * process, the environment, JavaScript-style prototype tricks. CEL could not reach any of them
 * anyway (it has no member access beyond data and declared functions); refusing them by name gives
 * the tenant a straight answer instead of a puzzling "unknown name", and keeps keys such as
 * {@code __proto__} out of the JSON that expressions build, in case a JavaScript consumer merges it.
 */
final class ForbiddenNames {

  private static final Set<String> ROOTS = Set.of(
      "java", "javax", "jdk", "sun", "System", "Runtime", "Class", "ClassLoader", "Thread", "Process",
      "ProcessBuilder", "process", "env", "environ", "getenv", "globalThis", "window", "require", "eval",
      "Function", "Reflect", "Packages", "Object", "Files", "Paths", "constructor", "prototype", "this");

  private static final Set<String> FUNCTIONS = Set.of(
      "getClass", "forName", "getRuntime", "exec", "invoke", "newInstance", "getenv", "getProperty",
      "getProperties", "eval", "require", "constructor", "loadClass", "getMethod", "getDeclaredMethod",
      "getDeclaredField", "getField", "setAccessible", "exit", "halt", "readAllBytes", "readString",
      "lookup", "fetch", "import");

  private static final Set<String> FIELDS = Set.of("constructor", "prototype");

  private ForbiddenNames() {}

  /** The first forbidden name in the tree, if any. */
  static Optional<String> find(CelExpr root) {
    return SyntaxTree.find(root, expr -> switch (expr.getKind()) {
      case IDENT -> forbiddenRoot(expr.ident().name());
      case SELECT -> forbiddenField(expr.select().field());
      case CALL -> forbiddenCall(expr);
      case MAP -> expr.map().entries().stream()
          .map(entry -> constantText(entry.key()).flatMap(ForbiddenNames::forbiddenField))
          .flatMap(Optional::stream)
          .findFirst();
      default -> Optional.empty();
    });
  }

  private static Optional<String> forbiddenCall(CelExpr expr) {
    String function = expr.call().function();
    if (FUNCTIONS.contains(function) || function.startsWith("__")) {
      return Optional.of(function);
    }
    // trigger["__proto__"] is the same trick as trigger.__proto__.
    if (function.equals(Operator.INDEX.getFunction()) && expr.call().args().size() == 2) {
      return constantText(expr.call().args().get(1)).flatMap(ForbiddenNames::forbiddenField);
    }
    return Optional.empty();
  }

  private static Optional<String> constantText(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? Optional.of(expr.constant().stringValue())
        : Optional.empty();
  }

  private static Optional<String> forbiddenRoot(String name) {
    return ROOTS.contains(name) || name.startsWith("__") ? Optional.of(name) : Optional.empty();
  }

  private static Optional<String> forbiddenField(String name) {
    return FIELDS.contains(name) || name.startsWith("__") ? Optional.of(name) : Optional.empty();
  }

  static String message(String name) {
    return "Expressions cannot use '" + name + "': they can only read the workflow's data (trigger, nodes, "
        + "contact, vars) and call the built-in functions. Java classes, the system, the environment and "
        + "files are out of reach.";
  }
}
