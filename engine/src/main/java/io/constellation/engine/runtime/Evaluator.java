package io.constellation.engine.runtime;

import static io.constellation.engine.runtime.Futures.done;
import static io.constellation.engine.runtime.Futures.then;

import io.constellation.engine.dag.Node;
import io.constellation.engine.types.MatchPattern;
import io.constellation.engine.types.Type;
import io.constellation.engine.value.Values;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The evaluation column of LANGUAGE.md 5.2 for every node kind. A node is evaluated either at top level
 * ({@code env == null}: operands are other top-level nodes, demanded by id through the {@link Execution}) or
 * inside a lambda or arm body ({@code env != null}: operands are evaluated in place, {@code id} is unused).
 *
 * <p>Strict nodes demand all operands before combining them, one after the other but without waiting: an operand
 * that settles synchronously is read at once, a pending one (a module call on another thread) is joined by
 * {@link Futures#all}, so independent calls run concurrently and a failure settles the node at once. Lazy nodes
 * demand operands in order and only as needed.
 */
final class Evaluator {
  private final Execution execution;
  private final CallRunner calls;
  private final Plan plan;

  Evaluator(Execution execution, CallRunner calls) {
    this.execution = execution;
    this.calls = calls;
    this.plan = execution.plan;
  }

  CompletableFuture<Object> eval(Node node, int id, Env env) {
    return switch (node) {
      case Node.Input input -> done(execution.input(input.name()));
      case Node.Literal literal -> done(literal.value());
      case Node.ListOf list -> strict(list, id, env,
          values -> Collections.unmodifiableList(Arrays.asList(values)));
      case Node.RecordOf record -> strict(record, id, env, values -> record(record.fields(), values));
      case Node.Field field -> strict(field, id, env, values -> Operators.field(values[0], field.field()));
      case Node.Project project -> strict(project, id, env,
          values -> Operators.project(values[0], project.fields()));
      case Node.Merge merge -> strict(merge, id, env, values -> Operators.merge(values[0], values[1]));
      case Node.Eq eq -> strict(eq, id, env, values -> Values.equal(values[0], values[1], comparison(eq, id, env)));
      case Node.Ne ne -> strict(ne, id, env, values -> !Values.equal(values[0], values[1], comparison(ne, id, env)));
      case Node.Arith arith -> strict(arith, id, env,
          values -> Operators.arith(arith.operator(), values[0], values[1]));
      case Node.Compare compare -> strict(compare, id, env,
          values -> Operators.compare(compare.operator(), values[0], values[1]));
      case Node.Not not -> strict(not, id, env, values -> !(Boolean) values[0]);
      case Node.Interp interp -> strict(interp, id, env, values -> interpolate(interp.parts(), values));
      case Node.And and -> then(operand(and, id, env, 0),
          left -> (Boolean) left ? operand(and, id, env, 1) : done(Boolean.FALSE));
      case Node.Or or -> then(operand(or, id, env, 0),
          left -> (Boolean) left ? done(Boolean.TRUE) : operand(or, id, env, 1));
      case Node.If branch -> then(operand(branch, id, env, 0),
          condition -> operand(branch, id, env, (Boolean) condition ? 1 : 2));
      case Node.Branch branch -> branch(branch, id, env, 0);
      case Node.When when -> then(operand(when, id, env, 1), condition -> (Boolean) condition
          ? when.value().type() instanceof Type.OptionalType
              ? operand(when, id, env, 0)
              : then(operand(when, id, env, 0), value -> done(Optional.of(value)))
          : done(Optional.empty()));
      case Node.Coalesce coalesce -> coalesce(coalesce, id, env);
      case Node.Call call -> call(call, id, env);
      case Node.Hof hof -> then(operand(hof, id, env, 0),
          list -> new HigherOrder(this, hof, captures(hof.captures(), id, env), env).run((List<?>) list));
      case Node.Match match -> then(operand(match, id, env, 0),
          value -> match(match, value, captures(match.captures(), id, env), env));
      case Node.Param param -> done(env.param(param.depth(), param.index()));
      case Node.Capture capture -> env.captures().get(capture.index());
    };
  }

  /** Evaluates a tree node, turning a synchronous throw into a failed future. */
  CompletableFuture<Object> evalTree(Node node, Env env) {
    try {
      return eval(node, -1, env);
    } catch (RuntimeException e) {
      return Futures.failed(EvalFailure.from(e));
    } catch (StackOverflowError e) {
      return Futures.failed(EvalFailure.evaluation("Evaluation too deep"));
    }
  }

  private CompletableFuture<Object> operand(Node node, int id, Env env, int index) {
    return env == null ? execution.demand(plan.argIds[id][index]) : evalTree(node.args().get(index), env);
  }

  private CompletableFuture<Object> strict(Node node, int id, Env env, Function<Object[], Object> combine) {
    int count = env == null ? plan.argIds[id].length : node.args().size();
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Object>[] parts = new CompletableFuture[count];
    for (int i = 0; i < count; i++) {
      parts[i] = operand(node, id, env, i);
      // An operand that already failed decides the node: the others need not even be demanded.
      if (parts[i].isCompletedExceptionally()) return parts[i];
    }
    return Futures.all(parts, combine);
  }

  private static Map<String, Object> record(List<String> fields, Object[] values) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) out.put(fields.get(i), values[i]);
    return Collections.unmodifiableMap(out);
  }

  private Type comparison(Node node, int id, Env env) {
    if (env == null && plan.comparisonTypes[id] != null) return plan.comparisonTypes[id];
    return Values.comparisonType(node.args().get(0).type(), node.args().get(1).type());
  }

  private static String interpolate(List<String> parts, Object[] values) {
    StringBuilder out = new StringBuilder(parts.get(0));
    for (int i = 0; i < values.length; i++) out.append(Values.render(values[i])).append(parts.get(i + 1));
    return out.toString();
  }

  /** {@code branch}: conditions one at a time until one is true, then only that arm (or otherwise). */
  private CompletableFuture<Object> branch(Node.Branch branch, int id, Env env, int pair) {
    int arms = (branch.args().size() - 1) / 2;
    if (pair >= arms) return operand(branch, id, env, branch.args().size() - 1);
    return then(operand(branch, id, env, 2 * pair),
        condition -> (Boolean) condition ? operand(branch, id, env, 2 * pair + 1) : branch(branch, id, env, pair + 1));
  }

  /** {@code o ?? d}: Some(v) gives v (Some(v) in the Optional form); the default only on None. */
  private CompletableFuture<Object> coalesce(Node.Coalesce coalesce, int id, Env env) {
    boolean plainForm = !(coalesce.optional().type() instanceof Type.OptionalType optional)
        || coalesce.type().equals(optional.element());
    return then(operand(coalesce, id, env, 0), value -> {
      Optional<?> optional = (Optional<?>) value;
      if (optional.isPresent()) return done(plainForm ? optional.get() : optional);
      return operand(coalesce, id, env, 1);
    });
  }

  private CompletableFuture<Object> call(Node.Call call, int id, Env env) {
    CallSite site = env == null ? plan.callSites[id] : plan.treeCallSite(call);
    int count = call.args().size();
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Object>[] parts = new CompletableFuture[count];
    for (int i = 0; i < count; i++) {
      parts[i] = operand(call, id, env, i);
      if (parts[i].isCompletedExceptionally()) return parts[i];
    }
    CompletableFuture<Object> args = Futures.all(parts, values -> values);
    return then(args, values -> calls.run(site, (Object[]) values, () -> fallback(call, id, env), execution,
        env == null ? id : -1));
  }

  private CompletableFuture<Object> fallback(Node.Call call, int id, Env env) {
    return env == null ? execution.demand(plan.fallbackIds[id]) : evalTree(call.fallback(), env);
  }

  /**
   * The resolver of {@code Capture} nodes in a body. At top level the captures are DAG nodes demanded by id; a
   * nested body with its own captures evaluates them in the enclosing environment (once each); a nested body
   * without captures keeps the enclosing resolver.
   */
  private Env.Captures captures(List<Node> captures, int id, Env env) {
    if (env == null) {
      int[] ids = plan.captureIds[id];
      return index -> execution.demand(ids[index]);
    }
    if (captures.isEmpty()) return env.captures();
    AtomicReferenceArray<CompletableFuture<Object>> memo = new AtomicReferenceArray<>(captures.size());
    return index -> {
      CompletableFuture<Object> known = memo.get(index);
      if (known != null) return known;
      CompletableFuture<Object> mine = new CompletableFuture<>();
      if (!memo.compareAndSet(index, null, mine)) return memo.get(index);
      Futures.relay(evalTree(captures.get(index), env), mine);
      return mine;
    };
  }

  /** {@code match}: the first arm whose pattern matches; field patterns bind in sorted field order. */
  private CompletableFuture<Object> match(Node.Match match, Object value, Env.Captures captures, Env env) {
    for (Node.MatchArm arm : match.arms()) {
      Object[] frame = bindings(arm.pattern(), value);
      if (frame != null) return evalTree(arm.body(), new Env(frame, env, captures));
    }
    return Futures.failed(EvalFailure.evaluation("No match arm matched the value"));
  }

  private static final Object[] NO_BINDINGS = new Object[0];

  private static Object[] bindings(MatchPattern pattern, Object value) {
    return switch (pattern) {
      case MatchPattern.Any any -> NO_BINDINGS;
      case MatchPattern.Is is -> Values.conforms(value, is.type()) ? NO_BINDINGS : null;
      case MatchPattern.Fields fields -> {
        if (!(value instanceof Map<?, ?> record)) yield null;
        Object[] frame = new Object[fields.fields().size()];
        for (int i = 0; i < frame.length; i++) {
          String name = fields.fields().get(i);
          if (!record.containsKey(name)) yield null;
          frame[i] = record.get(name);
        }
        yield frame;
      }
    };
  }
}
