package io.switchboard.engine.expression;

import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import io.switchboard.engine.expression.ExpressionException.Kind;

import java.util.ArrayList;
import java.util.List;

import static io.switchboard.engine.expression.Arguments.list;
import static io.switchboard.engine.expression.Arguments.position;

/** List functions. first() and last() of an empty list give null rather than failing. */
final class ListFunctions {

  private final int maxListSize;

  private ListFunctions(ExpressionLimits limits) {
    this.maxListSize = limits.maxIterations();
  }

  static void register(FunctionCatalog catalog, ExpressionLimits limits) {
    ListFunctions f = new ListFunctions(limits);
    catalog
        .globalAndMember("first", SimpleType.DYN, 1, a -> first(list("first", a[0])))
        .globalAndMember("last", SimpleType.DYN, 1, a -> last(list("last", a[0])))
        .globalAndMember("slice", ListType.create(SimpleType.DYN), 2, a -> slice(a[0], a[1], null))
        .globalAndMember("slice", ListType.create(SimpleType.DYN), 3, a -> slice(a[0], a[1], a[2]))
        .globalAndMember("sort", ListType.create(SimpleType.DYN), 1, a -> f.sort(a[0]))
        // contains() on text is standard CEL; this adds it on lists: tags.contains("vip").
        .typedMember("contains", "switchboard_list_contains", SimpleType.BOOL,
            List.of(ListType.create(SimpleType.DYN), SimpleType.DYN), List.of(List.class, Object.class),
            a -> contains((List<?>) a[0], a[1]));
  }

  private static Object first(List<?> items) {
    return items.isEmpty() ? NullValue.NULL_VALUE : items.getFirst();
  }

  private static Object last(List<?> items) {
    return items.isEmpty() ? NullValue.NULL_VALUE : items.getLast();
  }

  /** Items from {@code start} up to, not including, {@code end}; negative positions count from the end. */
  private static List<?> slice(Object items, Object start, Object end) {
    List<?> l = list("slice", items);
    int size = l.size();
    int from = fromEnd(position("slice", start), size);
    int to = end == null ? size : fromEnd(position("slice", end), size);
    return to <= from ? List.of() : new ArrayList<>(l.subList(from, to));
  }

  private static int fromEnd(int position, int size) {
    int p = position < 0 ? size + position : position;
    return Math.max(0, Math.min(size, p));
  }

  private List<?> sort(Object items) {
    List<?> l = list("sort", items);
    if (l.size() > maxListSize) {
      throw new ExpressionProblem(Kind.OUTPUT_TOO_LARGE,
          "sort() works on lists of up to " + maxListSize + " items; this one has " + l.size() + ".");
    }
    List<Object> sorted = new ArrayList<>(l);
    sorted.sort((a, b) -> Ordering.compare("sort", a, b));
    return sorted;
  }

  private static boolean contains(List<?> items, Object wanted) {
    for (Object item : items) {
      if (sameValue(item, wanted)) {
        return true;
      }
    }
    return false;
  }

  /** Equality as a tenant expects it: 1 and 1.0 are the same number. */
  private static boolean sameValue(Object a, Object b) {
    if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    return a.equals(b);
  }
}
