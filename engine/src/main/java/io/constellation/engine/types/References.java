package io.constellation.engine.types;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Walks typed expressions: their direct operands, and the assignments an expression refers to. */
public final class References {
  private References() {}

  /** The direct operands of {@code expr} in evaluation-document order (fallback after arguments). */
  public static List<TypedExpr> children(TypedExpr expr) {
    return switch (expr) {
      case TypedExpr.Literal l -> List.of();
      case TypedExpr.InputRef i -> List.of();
      case TypedExpr.AssignmentRef a -> List.of();
      case TypedExpr.Local l -> List.of();
      case TypedExpr.ListOf l -> l.elements();
      case TypedExpr.RecordOf r -> r.values();
      case TypedExpr.Interpolation i -> i.values();
      case TypedExpr.Field f -> List.of(f.target());
      case TypedExpr.Project p -> List.of(p.target());
      case TypedExpr.Merge m -> List.of(m.left(), m.right());
      case TypedExpr.Binary b -> List.of(b.left(), b.right());
      case TypedExpr.Not n -> List.of(n.operand());
      case TypedExpr.If i -> List.of(i.condition(), i.then(), i.otherwise());
      case TypedExpr.Branch b -> b.parts();
      case TypedExpr.When w -> List.of(w.value(), w.condition());
      case TypedExpr.Coalesce c -> List.of(c.optional(), c.fallback());
      case TypedExpr.Call c -> {
        if (c.fallback() == null) yield c.arguments();
        List<TypedExpr> all = new ArrayList<>(c.arguments());
        all.add(c.fallback());
        yield all;
      }
      case TypedExpr.Hof h -> List.of(h.list(), h.body());
      case TypedExpr.Match m -> {
        List<TypedExpr> all = new ArrayList<>();
        all.add(m.scrutinee());
        for (TypedExpr.Arm arm : m.arms()) all.add(arm.body());
        yield all;
      }
    };
  }

  /** The names of the assignments {@code expr} refers to, anywhere inside it. */
  public static Set<String> assignments(TypedExpr expr) {
    Set<String> names = new LinkedHashSet<>();
    Deque<TypedExpr> pending = new ArrayDeque<>();
    pending.push(expr);
    while (!pending.isEmpty()) {
      TypedExpr current = pending.pop();
      if (current instanceof TypedExpr.AssignmentRef ref) names.add(ref.name());
      for (TypedExpr child : children(current)) pending.push(child);
    }
    return names;
  }
}
