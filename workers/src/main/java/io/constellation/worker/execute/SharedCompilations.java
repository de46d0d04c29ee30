package io.constellation.worker.execute;

import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.worker.state.CompilationStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The compilation path of a node with shared state: the {@link CompilationStore} (near cache, then the shared
 * store under {@code compilation:<sourceHash>:<registryHash>}, then one compile per key on this node), with a small
 * node-local memory of sources that failed to compile in front. The store keeps successes only; without the
 * failure memory a client resending bad source would cost a parse and a compile each time.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class SharedCompilations implements PipelineCompiler {
  /** Distinct failing sources remembered. */
  static final int MAX_FAILURES = 1_000;

  /** Distinct sources whose compilation key is remembered. */
  static final int MAX_KEYS = 10_000;

  private final Compiler compiler;
  private final CompilationStore store;
  private final String registryHash;
  private final BoundedLru<String, CompileResult> failures = new BoundedLru<>(MAX_FAILURES);
  /** Compilation keys of sources seen lately: deriving one means tokenising the source, on every request. */
  private final BoundedLru<String, String> keys = new BoundedLru<>(MAX_KEYS);

  public SharedCompilations(Compiler compiler, CompilationStore store) {
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.store = Objects.requireNonNull(store, "store");
    this.registryHash = compiler.modules().registryHash();
  }

  @Override
  public CompileResult compile(String source) {
    if (source == null) return compiler.compile(""); // the compiler says what is missing; never an exception
    String textKey = CanonicalJson.sha256(source) + ":" + registryHash;
    CompileResult failed = failures.get(textKey);
    if (failed != null) return failed;
    String key = keys.get(textKey);
    if (key == null) {
      Optional<String> derived = CompilationStore.keyOf(source, registryHash);
      if (derived.isEmpty()) { // not even tokenisable: the compiler says why
        CompileResult result = compiler.compile(source);
        failures.putIfAbsent(textKey, result);
        return result;
      }
      key = derived.get();
      keys.putIfAbsent(textKey, key);
    }
    CompileResult result = store.compile(compiler, source, key);
    if (!result.ok()) failures.putIfAbsent(textKey, result);
    return result;
  }
}
