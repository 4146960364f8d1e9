package io.switchboard.engine.expression;

import dev.cel.common.ast.CelExpr;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Function;

/** Walks a CEL syntax tree without recursion. */
final class SyntaxTree {

  private SyntaxTree() {}

  /** The first non-empty answer of {@code visitor}, visiting parents before children. */
  static <T> Optional<T> find(CelExpr root, Function<CelExpr, Optional<T>> visitor) {
    Deque<CelExpr> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      CelExpr expr = pending.pop();
      Optional<T> found = visitor.apply(expr);
      if (found.isPresent()) {
        return found;
      }
      switch (expr.getKind()) {
        case SELECT -> pending.push(expr.select().operand());
        case CALL -> {
          expr.call().target().ifPresent(pending::push);
          expr.call().args().forEach(pending::push);
        }
        case LIST -> expr.list().elements().forEach(pending::push);
        case MAP -> expr.map().entries().forEach(entry -> {
          pending.push(entry.key());
          pending.push(entry.value());
        });
        case STRUCT -> expr.struct().entries().forEach(entry -> pending.push(entry.value()));
        case COMPREHENSION -> {
          var c = expr.comprehension();
          pending.push(c.iterRange());
          pending.push(c.accuInit());
          pending.push(c.loopCondition());
          pending.push(c.loopStep());
          pending.push(c.result());
        }
        default -> {
          // constants and names have no children
        }
      }
    }
    return Optional.empty();
  }

  static Optional<CelExpr> byId(CelExpr root, long id) {
    return find(root, expr -> expr.id() == id ? Optional.of(expr) : Optional.empty());
  }
}
