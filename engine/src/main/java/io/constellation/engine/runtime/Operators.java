package io.constellation.engine.runtime;

import io.constellation.engine.value.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in pure operations of LANGUAGE.md 5.2 on runtime values: 64-bit wrapping Int arithmetic with
 * truncating division, finite Float arithmetic, comparisons, record/list merges, field access and projection
 * (per element on lists). Failures are EVALUATION_ERROR {@link EvalFailure}s with the texts of 10.5.
 */
final class Operators {
  private Operators() {}

  static Object arith(String operator, Object left, Object right) {
    if (left instanceof Long a && right instanceof Long b) {
      long x = a;
      long y = b;
      return switch (operator) {
        case "+" -> x + y;
        case "-" -> x - y;
        case "*" -> x * y;
        case "/" -> {
          if (y == 0) throw EvalFailure.evaluation("Division by zero");
          yield x / y; // Long.MIN_VALUE / -1 wraps to Long.MIN_VALUE in Java, as the language wants
        }
        default -> throw EvalFailure.evaluation("Unknown arithmetic operator '" + operator + "'");
      };
    }
    double x = ((Number) left).doubleValue();
    double y = ((Number) right).doubleValue();
    double result = switch (operator) {
      case "+" -> x + y;
      case "-" -> x - y;
      case "*" -> x * y;
      case "/" -> {
        if (y == 0.0) throw EvalFailure.evaluation("Division by zero"); // also -0.0 (13.8)
        yield x / y;
      }
      default -> throw EvalFailure.evaluation("Unknown arithmetic operator '" + operator + "'");
    };
    if (!Double.isFinite(result)) throw EvalFailure.evaluation("Non-finite Float result");
    return result;
  }

  static boolean compare(String operator, Object left, Object right) {
    int order = Values.compare(left, right);
    return switch (operator) {
      case "<" -> order < 0;
      case ">" -> order > 0;
      case "<=" -> order <= 0;
      case ">=" -> order >= 0;
      default -> throw EvalFailure.evaluation("Unknown comparison operator '" + operator + "'");
    };
  }

  /** {@code left + right} on records or lists of records: right wins, lists element-wise, records broadcast. */
  static Object merge(Object left, Object right) {
    if (left instanceof List<?> l && right instanceof List<?> r) {
      if (l.size() != r.size()) {
        throw EvalFailure.evaluation("Cannot merge lists of different lengths (" + l.size() + " and " + r.size() + ")");
      }
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) out.add(mergeRecords(l.get(i), r.get(i)));
      return Collections.unmodifiableList(out);
    }
    if (left instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object item : l) out.add(mergeRecords(item, right));
      return Collections.unmodifiableList(out);
    }
    if (right instanceof List<?> r) {
      List<Object> out = new ArrayList<>(r.size());
      for (Object item : r) out.add(mergeRecords(left, item));
      return Collections.unmodifiableList(out);
    }
    return mergeRecords(left, right);
  }

  private static Object mergeRecords(Object left, Object right) {
    Map<Object, Object> out = new LinkedHashMap<>((Map<?, ?>) left);
    out.putAll((Map<?, ?>) right);
    return Collections.unmodifiableMap(out);
  }

  /** {@code target.field}, per element on a list. */
  static Object field(Object target, String field) {
    if (target instanceof List<?> items) {
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) out.add(((Map<?, ?>) item).get(field));
      return Collections.unmodifiableList(out);
    }
    return ((Map<?, ?>) target).get(field);
  }

  /** {@code target[a, b]}, per element on a list. */
  static Object project(Object target, List<String> fields) {
    if (target instanceof List<?> items) {
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) out.add(projectRecord(item, fields));
      return Collections.unmodifiableList(out);
    }
    return projectRecord(target, fields);
  }

  private static Object projectRecord(Object record, List<String> fields) {
    Map<?, ?> source = (Map<?, ?>) record;
    Map<String, Object> out = new LinkedHashMap<>();
    for (String field : fields) out.put(field, source.get(field));
    return Collections.unmodifiableMap(out);
  }
}
