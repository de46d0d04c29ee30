package io.constellation.worker.execute;

import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.worker.state.CompilationKey;
import io.constellation.worker.state.CompilationStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The compilation path of a node with shared state: the {@link CompilationStore} (near cache, then the shared
 * store under {@code compilation:<sourceHash>:<registryHash>}, then one compile per key on this node), with a small
 * node-local memory of sources that failed to compile in front. The store keeps successes only; without the
 * failure memory a client resending bad source would cost a parse and a compile each time.
 *
 * <p>The node-local memory is keyed by the source text itself when it has at most {@value #MAX_VERBATIM_CHARS}
 * characters (comparing it costs less than hashing it, on every request), else by its SHA-256, so it holds at most
 * {@value #MAX_VERBATIM_CHARS} characters per entry.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class SharedCompilations implements PipelineCompiler {
  /** Distinct failing sources remembered. */
  static final int MAX_FAILURES = 1_000;

  /** Distinct sources whose compilation key is remembered. */
  static final int MAX_KEYS = 10_000;

  /** Longest source remembered by its text; longer ones are remembered by their hash. */
  static final int MAX_VERBATIM_CHARS = 1_024;

  private final Compiler compiler;
  private final CompilationStore store;
  private final String registryHash;
  private final BoundedLru<Object, CompileResult> failures = new BoundedLru<>(MAX_FAILURES);
  /** Compilation keys of sources seen lately: deriving one means tokenising the source, on every request. */
  private final BoundedLru<Object, CompilationKey> keys = new BoundedLru<>(MAX_KEYS);

  public SharedCompilations(Compiler compiler, CompilationStore store) {
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.store = Objects.requireNonNull(store, "store");
    this.registryHash = compiler.modules().registryHash();
  }

  @Override
  public CompileResult compile(String source) {
    if (source == null) return compiler.compile(""); // the compiler says what is missing; never an exception
    Object remembered = rememberedAs(source);
    CompileResult failed = failures.get(remembered);
    if (failed != null) return failed;
    CompilationKey key = keys.get(remembered);
    if (key == null) {
      Optional<CompilationKey> derived = CompilationStore.compilationKey(source, registryHash);
      if (derived.isEmpty()) { // not even tokenisable: the compiler says why
        CompileResult result = compiler.compile(source);
        failures.putIfAbsent(remembered, result);
        return result;
      }
      key = derived.get();
      keys.putIfAbsent(remembered, key);
    }
    CompileResult result = store.compile(compiler, source, key);
    if (!result.ok()) failures.putIfAbsent(remembered, result);
    return result;
  }

  /** The key of {@code source} in the node-local memory: the text itself, or the hash of a long one. */
  private static Object rememberedAs(String source) {
    return source.length() <= MAX_VERBATIM_CHARS ? source : new SourceDigest(CanonicalJson.sha256(source));
  }

  /** A long source as remembered; its own type, so no short source text can pass for it. */
  private record SourceDigest(String sha256) {}
}
