package io.constellation.engine.types;

import io.constellation.engine.options.CallOptions;
import io.constellation.engine.spi.FunctionSignature;
import io.constellation.engine.syntax.Ast;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Types calls (LANGUAGE.md 5.2, 6.4, 7): resolution, arity, argument types, generic functions (T inferred from
 * list arguments, the {@code list-sum} and {@code list-contains} rules), the higher-order functions with their
 * lambda literals, and the {@code with} options including the {@code on_error: wrap} result type.
 */
final class CallChecker {
  private static final Set<String> HOFS = Set.of("filter", "map", "all", "any");
  private static final Type.TypeVariable T = new Type.TypeVariable("T");

  private final ExprChecker exprs;
  private final FunctionResolver functions;
  private final Reporter reporter;

  CallChecker(ExprChecker exprs, FunctionResolver functions) {
    this.exprs = exprs;
    this.functions = functions;
    this.reporter = exprs.reporter;
  }

  TypedExpr check(Ast.Call call) {
    FunctionSignature signature = functions.resolve(call.function());
    if (signature == null) {
      // The unknown name is the only error of this call; its arguments may still hold errors of their own.
      for (Ast.Expr argument : call.arguments()) {
        if (!(unparenthesized(argument) instanceof Ast.Lambda)) exprs.check(argument);
      }
      return null;
    }
    if (isHof(signature)) return hof(call, signature);
    List<TypedExpr> arguments = exprs.checkAll(call.arguments());
    if (arguments == null) return null;
    List<FunctionSignature.Parameter> parameters = signature.parameters();
    if (arguments.size() != parameters.size()) {
      arityError(call, parameters.size());
      return null;
    }
    Type returns = argumentTypes(call, signature, arguments);
    if (returns == null) return null;
    return withOptions(call, signature, arguments, returns);
  }

  private static boolean isHof(FunctionSignature signature) {
    return "stdlib.collection".equals(signature.namespace()) && HOFS.contains(signature.name());
  }

  private static Ast.Expr unparenthesized(Ast.Expr expr) {
    Ast.Expr current = expr;
    while (current instanceof Ast.Parenthesized p) current = p.inner();
    return current;
  }

  private void arityError(Ast.Call call, int expected) {
    reporter.error("E015", "Function " + call.function().text() + " expects " + expected + " argument(s), got "
        + call.arguments().size(), call.function().span());
  }

  /** Checks each argument against its parameter; returns the (substituted) return type or null. */
  private Type argumentTypes(Ast.Call call, FunctionSignature signature, List<TypedExpr> arguments) {
    List<FunctionSignature.Parameter> parameters = signature.parameters();
    // T = LUB of the element types of the arguments declared List<T> (LANGUAGE.md 6.4).
    List<Type> elements = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).type().equals(Type.list(T)) && arguments.get(i).type() instanceof Type.ListType l) {
        elements.add(l.element());
      }
    }
    boolean inferred = !elements.isEmpty();
    Type t = Subtyping.lub(elements);
    if ("stdlib.list-sum".equals(signature.module())) return listSum(call, arguments.get(0));
    boolean ok = true;
    for (int i = 0; i < parameters.size(); i++) {
      Type declared = parameters.get(i).type();
      Type actual = arguments.get(i).type();
      Ast.Expr at = call.arguments().get(i);
      if (declared instanceof Type.TypeVariable) {
        // A bare T (list-contains' value) needs compatibility with the element type, not subtyping.
        if (inferred && !Subtyping.compatible(actual, t)) {
          exprs.mismatch(t.render(), actual, at.span());
          ok = false;
        }
        if (!inferred) {
          t = actual;
          inferred = true;
        }
        continue;
      }
      Type expected = substitute(declared, t);
      if (!Subtyping.isSubtype(actual, expected)) {
        exprs.mismatch(inferred ? expected.render() : declared.render(), actual, at.span());
        ok = false;
      }
    }
    return ok ? substitute(signature.returns(), t) : null;
  }

  private Type listSum(Ast.Call call, TypedExpr list) {
    if (list.type() instanceof Type.ListType(Type element)) {
      if (Subtyping.isSubtype(element, Type.INT)) return Type.INT;
      if (Subtyping.isSubtype(element, Type.union(Type.FLOAT, Type.INT))) return Type.FLOAT;
    }
    exprs.mismatch("List<Int> or List<Float>", list.type(), call.arguments().get(0).span());
    return null;
  }

  /** Replaces the type variable {@code T} by {@code t}. */
  private static Type substitute(Type type, Type t) {
    return switch (type) {
      case Type.TypeVariable v -> v.equals(T) ? t : v;
      case Type.ListType l -> Type.list(substitute(l.element(), t));
      case Type.OptionalType o -> Type.optional(substitute(o.element(), t));
      case Type.MapType m -> Type.map(substitute(m.key(), t), substitute(m.value(), t));
      case Type.RecordType r -> {
        Map<String, Type> fields = new java.util.TreeMap<>();
        r.fields().forEach((name, field) -> fields.put(name, substitute(field, t)));
        yield Type.record(fields);
      }
      case Type.UnionType u -> {
        List<Type> members = new ArrayList<>();
        for (Type member : u.members()) members.add(substitute(member, t));
        yield Type.union(members);
      }
      case Type.FunctionType f -> {
        List<Type> params = new ArrayList<>();
        for (Type param : f.parameters()) params.add(substitute(param, t));
        yield new Type.FunctionType(params, substitute(f.result(), t));
      }
      case Type.Primitive p -> p;
      case Type.NothingType n -> n;
    };
  }

  private TypedExpr withOptions(Ast.Call call, FunctionSignature signature, List<TypedExpr> arguments,
      Type returns) {
    OptionChecker.Result options = OptionChecker.check(call.options(), returns, reporter, exprs::check);
    if (options.failed()) return null;
    Type type = options.options().onError() == CallOptions.OnError.WRAP ? wrapped(returns) : returns;
    return new TypedExpr.Call(signature, arguments, options.options(), options.fallback(), type, call.span());
  }

  /** The static type of a call with {@code on_error: wrap} (LANGUAGE.md 7.2). */
  static Type wrapped(Type returns) {
    return Type.record(Map.of("isRight", Type.BOOLEAN, "left", Type.optional(Type.STRING),
        "right", Type.optional(returns)));
  }

  // ---------------------------------------------------------------- higher-order functions

  private TypedExpr hof(Ast.Call call, FunctionSignature signature) {
    String name = signature.name();
    List<Ast.Expr> args = call.arguments();
    if (args.size() != 2) {
      boolean failed = false;
      for (Ast.Expr argument : args) {
        Ast.Expr bare = unparenthesized(argument);
        if (!(bare instanceof Ast.Lambda)) failed |= exprs.check(argument) == null;
      }
      if (!failed) arityError(call, 2);
      return null;
    }
    TypedExpr list = exprs.check(args.get(0));
    Ast.Expr second = unparenthesized(args.get(1));
    String result = name.equals("map") ? "U" : "Boolean";
    if (!(second instanceof Ast.Lambda lambda)) {
      TypedExpr other = exprs.check(args.get(1));
      if (list == null || other == null) return null;
      String element = list.type() instanceof Type.ListType(Type e) ? e.render() : "T";
      exprs.mismatch("(" + element + ") => " + result, other.type(), args.get(1).span());
      return null;
    }
    if (list == null) return null;
    if (!(list.type() instanceof Type.ListType(Type t))) {
      exprs.mismatch("List<T>", list.type(), args.get(0).span());
      return null;
    }
    TypedExpr body = lambda(lambda, t, name);
    if (body == null) return null;
    Type type = switch (name) {
      case "filter" -> Type.list(t);
      case "map" -> Type.list(body.type());
      default -> Type.BOOLEAN;
    };
    // A HOF is a hof node, which has no options: they are validated (so mistakes are reported) and dropped.
    if (OptionChecker.check(call.options(), type, reporter, exprs::check).failed()) return null;
    return new TypedExpr.Hof(name, list, body, type, call.span());
  }

  /** Checks a HOF's lambda with its parameter typed {@code t}; returns the typed body or null. */
  private TypedExpr lambda(Ast.Lambda lambda, Type t, String hof) {
    List<Ast.Parameter> parameters = lambda.parameters();
    boolean failed = false;
    List<String> seen = new ArrayList<>();
    for (Ast.Parameter parameter : parameters) {
      String name = parameter.name().name();
      if (seen.contains(name)) {
        reporter.error("E030", "Duplicate definition: " + name, parameter.name().span());
        failed = true;
      }
      seen.add(name);
    }
    if (parameters.size() != 1) {
      reporter.error("E015", "Lambda expects 1 parameter(s), got " + parameters.size(), lambda.span());
      return null;
    }
    Ast.Parameter parameter = parameters.get(0);
    if (parameter.type() != null) {
      Type annotated = exprs.types.resolve(parameter.type());
      if (annotated == null) {
        failed = true;
      } else if (!Subtyping.isSubtype(t, annotated)) {
        exprs.mismatch(annotated.render(), t, parameter.name().span());
        failed = true;
      }
    }
    TypedExpr body = exprs.checkInBinder(lambda.body(), List.of(parameter.name().name()), List.of(t));
    if (body == null || failed) return null;
    if (!hof.equals("map") && !exprs.expectBoolean(body, lambda.body().span())) return null;
    return body;
  }
}
