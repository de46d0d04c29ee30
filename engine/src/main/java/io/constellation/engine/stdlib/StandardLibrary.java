package io.constellation.engine.stdlib;

import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleFunction;
import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in functions of LANGUAGE.md 6.3, each registered under its namespace with module name
 * {@code stdlib.<name>}. The higher-order functions are evaluated by the runtime as {@code hof} nodes, so their
 * implementations here are never invoked.
 */
public final class StandardLibrary {
  private StandardLibrary() {}

  private static final Type T = new Type.TypeVariable("T");
  private static final Type U = new Type.TypeVariable("U");
  private static final Type LIST_T = Type.list(T);

  public static List<Module> modules() {
    List<Module> all = new ArrayList<>();
    String math = "stdlib.math";
    all.add(intBinary(math, "add", (a, b) -> a + b));
    all.add(intBinary(math, "subtract", (a, b) -> a - b));
    all.add(intBinary(math, "multiply", (a, b) -> a * b));
    all.add(intBinary(math, "divide", (a, b) -> {
      if (b == 0) throw new ArithmeticException("Division by zero in stdlib.divide");
      return a == Long.MIN_VALUE && b == -1 ? a : a / b;
    }));
    all.add(intBinary(math, "modulo", (a, b) -> {
      if (b == 0) throw new ArithmeticException("Division by zero in stdlib.modulo");
      return b == -1 ? 0 : a % b;
    }));
    all.add(intBinary(math, "max", Math::max));
    all.add(intBinary(math, "min", Math::min));
    all.add(fn(math, "abs", Type.INT, args -> {
      long v = (Long) args.get("value");
      return v < 0 ? -v : v;
    }, "value", Type.INT));
    all.add(fn(math, "negate", Type.INT, args -> -(Long) args.get("value"), "value", Type.INT));
    all.add(fn(math, "round", Type.INT, args -> Math.round((Double) args.get("value")), "value", Type.FLOAT));

    String string = "stdlib.string";
    all.add(fn(string, "concat", Type.STRING,
        args -> (String) args.get("a") + args.get("b"), "a", Type.STRING, "b", Type.STRING));
    all.add(fn(string, "string-length", Type.INT,
        args -> (long) ((String) args.get("value")).length(), "value", Type.STRING));
    all.add(fn(string, "join", Type.STRING, args -> {
      @SuppressWarnings("unchecked")
      List<String> list = (List<String>) args.get("list");
      return String.join((String) args.get("separator"), list);
    }, "list", Type.list(Type.STRING), "separator", Type.STRING));
    all.add(fn(string, "split", Type.list(Type.STRING),
        args -> split((String) args.get("value"), (String) args.get("substring")),
        "value", Type.STRING, "substring", Type.STRING));
    all.add(fn(string, "contains", Type.BOOLEAN,
        args -> ((String) args.get("value")).contains((String) args.get("substring")),
        "value", Type.STRING, "substring", Type.STRING));
    all.add(fn(string, "trim", Type.STRING, args -> ((String) args.get("value")).trim(), "value", Type.STRING));
    all.add(fn(string, "replace", Type.STRING,
        args -> ((String) args.get("value")).replace((String) args.get("target"), (String) args.get("replacement")),
        "value", Type.STRING, "target", Type.STRING, "replacement", Type.STRING));

    String list = "stdlib.list";
    all.add(fn(list, "list-length", Type.INT, args -> (long) list(args, "list").size(), "list", LIST_T));
    all.add(fn(list, "list-first", T, args -> {
      List<Object> items = list(args, "list");
      if (items.isEmpty()) throw new IllegalStateException("stdlib.list-first: list is empty");
      return items.get(0);
    }, "list", LIST_T));
    all.add(fn(list, "list-last", T, args -> {
      List<Object> items = list(args, "list");
      if (items.isEmpty()) throw new IllegalStateException("stdlib.list-last: list is empty");
      return items.get(items.size() - 1);
    }, "list", LIST_T));
    all.add(fn(list, "list-is-empty", Type.BOOLEAN, args -> list(args, "list").isEmpty(), "list", LIST_T));
    all.add(fn(list, "list-sum", T, args -> sum(list(args, "list")), "list", LIST_T));
    all.add(fn(list, "list-concat", LIST_T, args -> {
      List<Object> joined = new ArrayList<>(list(args, "a"));
      joined.addAll(list(args, "b"));
      return List.copyOf(joined);
    }, "a", LIST_T, "b", LIST_T));
    // list-contains equality depends on the static comparison type; the runtime evaluates it (see Evaluator).
    all.add(fn(list, "list-contains", Type.BOOLEAN, args -> list(args, "list").contains(args.get("value")),
        "list", LIST_T, "value", T));
    all.add(fn(list, "list-reverse", LIST_T, args -> List.copyOf(list(args, "list").reversed()), "list", LIST_T));

    String bool = "stdlib.bool";
    all.add(fn(bool, "and", Type.BOOLEAN, args -> (Boolean) args.get("a") && (Boolean) args.get("b"),
        "a", Type.BOOLEAN, "b", Type.BOOLEAN));
    all.add(fn(bool, "or", Type.BOOLEAN, args -> (Boolean) args.get("a") || (Boolean) args.get("b"),
        "a", Type.BOOLEAN, "b", Type.BOOLEAN));
    all.add(fn(bool, "not", Type.BOOLEAN, args -> !(Boolean) args.get("value"), "value", Type.BOOLEAN));

    String compare = "stdlib.compare";
    all.add(intPredicate(compare, "eq-int", (a, b) -> a == b));
    all.add(fn(compare, "eq-string", Type.BOOLEAN, args -> args.get("a").equals(args.get("b")),
        "a", Type.STRING, "b", Type.STRING));
    all.add(intPredicate(compare, "gt", (a, b) -> a > b));
    all.add(intPredicate(compare, "lt", (a, b) -> a < b));
    all.add(intPredicate(compare, "gte", (a, b) -> a >= b));
    all.add(intPredicate(compare, "lte", (a, b) -> a <= b));

    all.add(fn("stdlib", "identity", Type.STRING, args -> args.get("value"), "value", Type.STRING));
    all.add(fn("stdlib.debug", "log", Type.STRING, args -> {
      String message = (String) args.get("message");
      System.out.println("[constellation-lang] " + message);
      return message;
    }, "message", Type.STRING));

    String collection = "stdlib.collection";
    ModuleFunction evaluatedByRuntime = args -> {
      throw new UnsupportedOperationException("higher-order functions are evaluated by the runtime");
    };
    Type predicate = new Type.FunctionType(List.of(T), Type.BOOLEAN);
    all.add(fn(collection, "filter", LIST_T, evaluatedByRuntime, "items", LIST_T, "predicate", predicate));
    all.add(fn(collection, "map", Type.list(U), evaluatedByRuntime,
        "items", LIST_T, "transform", new Type.FunctionType(List.of(T), U)));
    all.add(fn(collection, "all", Type.BOOLEAN, evaluatedByRuntime, "items", LIST_T, "predicate", predicate));
    all.add(fn(collection, "any", Type.BOOLEAN, evaluatedByRuntime, "items", LIST_T, "predicate", predicate));

    String convert = "stdlib.convert";
    all.add(fn(convert, "to-string", Type.STRING, args -> Long.toString((Long) args.get("value")), "value", Type.INT));
    all.add(fn(convert, "to-int", Type.INT, args -> (long) (double) (Double) args.get("value"), "value", Type.FLOAT));
    all.add(fn(convert, "to-float", Type.FLOAT, args -> (double) (Long) args.get("value"), "value", Type.INT));
    return List.copyOf(all);
  }

  /** Literal split keeping every empty piece; an empty separator splits into code points. */
  static List<String> split(String value, String separator) {
    List<String> pieces = new ArrayList<>();
    if (separator.isEmpty()) {
      value.codePoints().forEach(cp -> pieces.add(new String(Character.toChars(cp))));
      return List.copyOf(pieces);
    }
    int from = 0;
    while (true) {
      int at = value.indexOf(separator, from);
      if (at < 0) break;
      pieces.add(value.substring(from, at));
      from = at + separator.length();
    }
    pieces.add(value.substring(from));
    return List.copyOf(pieces);
  }

  private static Object sum(List<Object> items) {
    boolean anyFloat = false;
    for (Object item : items) anyFloat |= item instanceof Double;
    if (!anyFloat) {
      long total = 0;
      for (Object item : items) total += (Long) item;
      return total;
    }
    double total = 0.0;
    for (Object item : items) total += ((Number) item).doubleValue();
    return total;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> args, String name) {
    return (List<Object>) args.get(name);
  }

  private interface LongBinary {
    long apply(long a, long b);
  }

  private interface LongPredicate {
    boolean test(long a, long b);
  }

  private static Module intBinary(String namespace, String name, LongBinary op) {
    return fn(namespace, name, Type.INT, args -> op.apply((Long) args.get("a"), (Long) args.get("b")),
        "a", Type.INT, "b", Type.INT);
  }

  private static Module intPredicate(String namespace, String name, LongPredicate op) {
    return fn(namespace, name, Type.BOOLEAN, args -> op.test((Long) args.get("a"), (Long) args.get("b")),
        "a", Type.INT, "b", Type.INT);
  }

  /** A built-in, non-blocking module: {@code params} alternate name and type. */
  static Module fn(String namespace, String name, Type returns, ModuleFunction implementation, Object... params) {
    Module.Builder builder = Module.builder(name).returns(returns).implementation(implementation).nonBlocking();
    if (namespace != null) builder.namespace(namespace).moduleName("stdlib." + name);
    for (int i = 0; i < params.length; i += 2) builder.param((String) params[i], (Type) params[i + 1]);
    return builder.build();
  }
}
