package io.switchboard.engine.expression;

import com.google.common.collect.ImmutableList;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelMacro;
import dev.cel.parser.CelMacroExprFactory;
import dev.cel.parser.Operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code default(value, fallback)}: the fallback when {@code value} is null or reads a field or
 * item that is not there. A plain function could not do this, since CEL evaluates a function's
 * arguments first and a missing field is an error. So {@code default} is a macro: when the
 * expression is read, {@code default(contact.address.city, "")} becomes
 * <pre>
 *   @present(contact, "address") && @present(contact.address, "city")
 *     ? @coalesce(contact.address.city, "") : ""
 * </pre>
 * Names starting with {@code @} cannot be written by tenants, only made by this macro.
 */
final class DefaultMacro {

  static final String PRESENT = "@present";
  static final String COALESCE = "@coalesce";

  static final CelMacro MACRO = CelMacro.newGlobalMacro("default", 2, DefaultMacro::expand);

  private DefaultMacro() {}

  static void register(FunctionCatalog catalog) {
    catalog
        .global(PRESENT, SimpleType.BOOL, 2, a -> present(a[0], a[1]))
        .global(COALESCE, SimpleType.DYN, 2, a -> Arguments.isNull(a[0]) ? a[1] : a[0]);
  }

  private static Optional<CelExpr> expand(CelMacroExprFactory f, CelExpr target, ImmutableList<CelExpr> args) {
    CelExpr value = args.get(0);
    CelExpr fallback = args.get(1);
    List<CelExpr> guards = new ArrayList<>();
    collectGuards(f, value, guards);
    CelExpr coalesced = f.newGlobalCall(COALESCE, value, fallback);
    if (guards.isEmpty()) {
      return Optional.of(coalesced);
    }
    CelExpr condition = guards.getFirst();
    for (CelExpr guard : guards.subList(1, guards.size())) {
      condition = f.newGlobalCall(Operator.LOGICAL_AND.getFunction(), condition, guard);
    }
    return Optional.of(f.newGlobalCall(Operator.CONDITIONAL.getFunction(), condition, coalesced, f.copy(fallback)));
  }

  /** One guard per field or item read, outermost first, so each runs only when the one before held. */
  private static void collectGuards(CelMacroExprFactory f, CelExpr expr, List<CelExpr> guards) {
    switch (expr.getKind()) {
      case SELECT -> {
        if (expr.select().testOnly()) {
          return;
        }
        CelExpr operand = expr.select().operand();
        collectGuards(f, operand, guards);
        guards.add(f.newGlobalCall(PRESENT, f.copy(operand), f.newStringLiteral(expr.select().field())));
      }
      case CALL -> {
        var call = expr.call();
        if (call.target().isEmpty() && call.function().equals(Operator.INDEX.getFunction()) && call.args().size() == 2) {
          CelExpr operand = call.args().get(0);
          collectGuards(f, operand, guards);
          guards.add(f.newGlobalCall(PRESENT, f.copy(operand), f.copy(call.args().get(1))));
        }
      }
      default -> {
        // A name, literal or computed value: nothing to guard.
      }
    }
  }

  /** Whether {@code container} has {@code key}: a field of an object, or a position in a list. */
  private static boolean present(Object container, Object key) {
    if (container instanceof Map<?, ?> map) {
      return map.containsKey(key);
    }
    if (container instanceof List<?> list && key instanceof Long position) {
      return position >= 0 && position < list.size();
    }
    return false;
  }
}
