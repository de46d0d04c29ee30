package io.constellation.engine.runtime;

import io.constellation.engine.dag.Node;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.spi.FunctionSignature;
import io.constellation.engine.spi.ModuleFunction;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import io.constellation.engine.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything about one call node that does not change between executions, resolved once per plan: parameter
 * names and types (type variables replaced by the argument's static type, for cache keys), the bound
 * implementation (null: MODULE_NOT_FOUND), the result type the module must conform to, and whether the call may
 * run inline on the demanding thread.
 */
record CallSite(String module, List<String> parameterNames, List<Type> parameterTypes, ModuleFunction implementation,
    Type resultType, CallOptions options, boolean wrap, boolean inline, boolean hasFallback,
    Type containsComparison) {

  static final String LIST_CONTAINS = "stdlib.list-contains";
  static final String LIST_SUM = "stdlib.list-sum";

  static CallSite resolve(Node.Call call, ModuleRegistry modules, Map<String, FunctionSignature> byModule) {
    FunctionSignature signature = byModule.get(call.module());
    if (signature == null) signature = modules.find(call.function()).orElse(null);
    ModuleFunction implementation = modules.implementation(call.module()).orElse(null);
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      FunctionSignature.Parameter parameter =
          signature != null && i < signature.parameters().size() ? signature.parameters().get(i) : null;
      names.add(parameter == null ? "arg" + i : parameter.name());
      Type declared = parameter == null ? call.args().get(i).type() : parameter.type();
      types.add(isConcrete(declared) ? declared : call.args().get(i).type());
    }
    CallOptions options = call.options() == null ? CallOptions.NONE : call.options();
    boolean wrap = options.onError() == CallOptions.OnError.WRAP;
    Type resultType = wrap ? wrappedResult(call.type()) : call.type();
    // Modules declared non-blocking are evaluated inline; anything else may block and runs on the executor.
    boolean inline = implementation != null && modules.isNonBlocking(call.module());
    Type containsComparison = null;
    if (LIST_CONTAINS.equals(call.module()) && call.args().size() == 2) {
      Type element = call.args().get(0).type() instanceof Type.ListType list ? list.element() : Type.NOTHING;
      containsComparison = Values.comparisonType(element, call.args().get(1).type());
      inline = implementation != null;
    }
    return new CallSite(call.module(), List.copyOf(names), List.copyOf(types), implementation, resultType, options,
        wrap, inline, call.fallback() != null, containsComparison);
  }

  private static Type wrappedResult(Type wrapped) {
    if (wrapped instanceof Type.RecordType record
        && record.field("right") instanceof Type.OptionalType right) {
      return right.element();
    }
    return wrapped;
  }

  private static boolean isConcrete(Type type) {
    return switch (type) {
      case Type.TypeVariable v -> false;
      case Type.FunctionType f -> false;
      case Type.ListType l -> isConcrete(l.element());
      case Type.OptionalType o -> isConcrete(o.element());
      case Type.MapType m -> isConcrete(m.key()) && isConcrete(m.value());
      case Type.RecordType r -> r.fields().values().stream().allMatch(CallSite::isConcrete);
      case Type.UnionType u -> u.members().stream().allMatch(CallSite::isConcrete);
      case Type.Primitive p -> true;
      case Type.NothingType n -> true;
    };
  }

  /** Whether this call needs nothing that may block, so it can run on the demanding thread. */
  boolean runsInline(boolean schedulerBounded) {
    return inline && !schedulerBounded && options.timeoutMs() == null && options.throttle() == null
        && options.concurrency() == null && options.cacheMs() == null
        && (options.delayMs() == null || options.retry() == null || options.retry() == 0);
  }

  int priority() {
    return options.priority() == null ? 50 : options.priority();
  }
}
