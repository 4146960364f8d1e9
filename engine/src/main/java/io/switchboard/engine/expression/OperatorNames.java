package io.switchboard.engine.expression;

import java.util.Map;

/** How CEL's internal names of operators and functions read to a tenant: "_+_" is "'+'". */
final class OperatorNames {

  private static final Map<String, String> OPERATORS = Map.ofEntries(
      Map.entry("_+_", "'+'"), Map.entry("_-_", "'-'"), Map.entry("_*_", "'*'"), Map.entry("_/_", "'/'"),
      Map.entry("_%_", "'%'"), Map.entry("_==_", "'=='"), Map.entry("_!=_", "'!='"), Map.entry("_<_", "'<'"),
      Map.entry("_<=_", "'<='"), Map.entry("_>_", "'>'"), Map.entry("_>=_", "'>='"), Map.entry("_&&_", "'&&'"),
      Map.entry("_||_", "'||'"), Map.entry("!_", "'!'"), Map.entry("-_", "'-'"), Map.entry("_[_]", "'[ ]'"),
      Map.entry("@in", "'in'"), Map.entry("_?_:_", "'? :'"));

  private OperatorNames() {}

  static String describe(String celName) {
    String operator = OPERATORS.get(celName);
    return operator != null ? operator : celName + "()";
  }
}
