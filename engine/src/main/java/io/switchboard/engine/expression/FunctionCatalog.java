package io.switchboard.engine.expression;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions tenants may call beyond standard CEL, each declared to the checker and bound to its
 * Java body in one place. Arguments are declared as {@code dyn} so that JSON data of any shape
 * type-checks, and each body checks its arguments itself with a message a tenant can act on.
 */
final class FunctionCatalog {

  /** A pure function of its arguments. */
  @FunctionalInterface
  interface Body {
    Object apply(Object[] args);
  }

  /** A pure function of its arguments, the scope's clock reading and the scope's time zone. */
  @FunctionalInterface
  interface ClockBody {
    Object apply(Object[] args, Instant now, ZoneId zone);
  }

  private record ClockOverload(String overloadId, int arity, ClockBody body) {}

  private final Map<String, List<CelOverloadDecl>> overloads = new LinkedHashMap<>();
  private final List<CelFunctionBinding> bindings = new ArrayList<>();
  private final List<ClockOverload> clockOverloads = new ArrayList<>();
  private final Set<String> clockFunctions = new LinkedHashSet<>();

  /** {@code name(a, b...)} with {@code arity} arguments. */
  FunctionCatalog global(String name, CelType result, int arity, Body body) {
    String id = overloadId(name, "global", arity);
    declare(name, CelOverloadDecl.newGlobalOverload(id, result, dynParams(arity)));
    bindings.add(CelFunctionBinding.from(id, objectParams(arity), body::apply));
    return this;
  }

  /** {@code receiver.name(b...)}; {@code arity} counts the receiver. */
  FunctionCatalog member(String name, CelType result, int arity, Body body) {
    String id = overloadId(name, "member", arity);
    declare(name, CelOverloadDecl.newMemberOverload(id, result, dynParams(arity)));
    bindings.add(CelFunctionBinding.from(id, objectParams(arity), body::apply));
    return this;
  }

  /** Both {@code name(x, b...)} and {@code x.name(b...)}. */
  FunctionCatalog globalAndMember(String name, CelType result, int arity, Body body) {
    return global(name, result, arity, body).member(name, result, arity, body);
  }

  /** A global overload with exact parameter types, for operators such as {@code 1.5 * 2}. */
  FunctionCatalog typed(String name, String overloadId, CelType result, List<CelType> params,
      List<Class<?>> javaParams, Body body) {
    declare(name, CelOverloadDecl.newGlobalOverload(overloadId, result, params));
    bindings.add(CelFunctionBinding.from(overloadId, javaParams, body::apply));
    return this;
  }

  /**
   * A member overload with exact parameter types, for adding to a standard function without
   * overlapping its overloads (such as contains() on lists beside contains() on text).
   */
  FunctionCatalog typedMember(String name, String overloadId, CelType result, List<CelType> params,
      List<Class<?>> javaParams, Body body) {
    declare(name, CelOverloadDecl.newMemberOverload(overloadId, result, params));
    bindings.add(CelFunctionBinding.from(overloadId, javaParams, body::apply));
    return this;
  }

  /** {@code name(a...)} that needs the scope's clock or time zone: bound anew for each evaluation. */
  FunctionCatalog clockGlobal(String name, CelType result, int arity, ClockBody body) {
    String id = overloadId(name, "global", arity);
    declare(name, CelOverloadDecl.newGlobalOverload(id, result, dynParams(arity)));
    clockOverloads.add(new ClockOverload(id, arity, body));
    clockFunctions.add(name);
    return this;
  }

  /** Both {@code name(x, b...)} and {@code x.name(b...)}, needing the scope's clock or time zone. */
  FunctionCatalog clockGlobalAndMember(String name, CelType result, int arity, ClockBody body) {
    clockGlobal(name, result, arity, body);
    String id = overloadId(name, "member", arity);
    declare(name, CelOverloadDecl.newMemberOverload(id, result, dynParams(arity)));
    clockOverloads.add(new ClockOverload(id, arity, body));
    return this;
  }

  List<CelFunctionDecl> declarations() {
    List<CelFunctionDecl> declarations = new ArrayList<>();
    overloads.forEach((name, list) -> declarations.add(CelFunctionDecl.newFunctionDeclaration(name, list)));
    return declarations;
  }

  List<CelFunctionBinding> bindings() {
    return List.copyOf(bindings);
  }

  Set<String> functionNames() {
    Set<String> names = new LinkedHashSet<>();
    for (String name : overloads.keySet()) {
      if (Character.isLetter(name.charAt(0))) {
        names.add(name);
      }
    }
    return names;
  }

  boolean isClockFunction(String name) {
    return clockFunctions.contains(name);
  }

  /** Bindings of the clock functions for one evaluation. */
  CelLateFunctionBindings clockBindings(Instant now, ZoneId zone) {
    List<CelFunctionBinding> late = new ArrayList<>(clockOverloads.size());
    for (ClockOverload overload : clockOverloads) {
      ClockBody body = overload.body();
      late.add(CelFunctionBinding.from(overload.overloadId(), objectParams(overload.arity()),
          args -> body.apply(args, now, zone)));
    }
    return CelLateFunctionBindings.from(late);
  }

  private void declare(String name, CelOverloadDecl overload) {
    overloads.computeIfAbsent(name, n -> new ArrayList<>()).add(overload);
  }

  private static String overloadId(String name, String style, int arity) {
    return "switchboard_" + name.replaceAll("[^A-Za-z0-9]", "_") + "_" + style + "_" + arity;
  }

  private static List<CelType> dynParams(int arity) {
    return Collections.nCopies(arity, SimpleType.DYN);
  }

  private static List<Class<?>> objectParams(int arity) {
    return Collections.nCopies(arity, Object.class);
  }
}
