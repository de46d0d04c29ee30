package io.constellation.worker.execute;

import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.json.CanonicalJson;
import java.util.Optional;

/**
 * The node-local compilation cache: a bounded LRU of compile results.
 *
 * <p>Implementation notes. The engine's cache key, {@link CompiledPipeline#compilationKey()}, needs the source hash,
 * which only the parser computes; so a lookup first goes by the SHA-256 of the exact source text (and the registry
 * hash), and every successful compilation is then made canonical by its compilation key: two sources that differ
 * only in whitespace or comments share one {@code CompiledPipeline} instance, which lets the runtime's per-DAG plan
 * cache (keyed by DAG identity) hit as well. Compile failures are cached too: compilation is deterministic for a
 * given registry, and a client resending bad source should not cost a compile each time.
 *
 * <p>Thread-safety: safe for concurrent use; two threads missing on the same source may both compile it, and the
 * first result stored wins.
 */
public final class CompilationCache implements PipelineCompiler {
  /** The default bound, in entries, of each of the two maps. */
  public static final int DEFAULT_MAX_ENTRIES = 1_000;

  private final Compiler compiler;
  private final String registryHash;
  private final BoundedLru<String, CompileResult> bySourceText;
  private final BoundedLru<String, CompiledPipeline> byCompilationKey;

  public CompilationCache(Compiler compiler, int maxEntries) {
    this.compiler = compiler;
    this.registryHash = compiler.modules().registryHash();
    this.bySourceText = new BoundedLru<>(maxEntries);
    this.byCompilationKey = new BoundedLru<>(maxEntries);
  }

  /** The compile result of {@code source}, from the cache when present. Never throws for bad source. */
  @Override
  public CompileResult compile(String source) {
    String textKey = CanonicalJson.sha256(source) + ":" + registryHash;
    CompileResult cached = bySourceText.get(textKey);
    if (cached != null) return cached;
    CompileResult compiled = compiler.compile(source);
    if (compiled.ok()) {
      CompiledPipeline pipeline = compiled.get();
      CompiledPipeline canonical = byCompilationKey.putIfAbsent(pipeline.compilationKey(), pipeline);
      if (canonical != pipeline) {
        compiled = new CompileResult(Optional.of(canonical), compiled.errors(), compiled.warnings(),
            compiled.sourceHash());
      }
    }
    return bySourceText.putIfAbsent(textKey, compiled);
  }

  /** Entries keyed by source text (a test and metrics view). */
  public int size() {
    return bySourceText.size();
  }
}
