package io.constellation.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.spi.ModuleRegistry;
import org.junit.jupiter.api.Test;

final class CompilationCacheTest {
  private final CompilationCache cache = new CompilationCache(Compiler.create(ModuleRegistry.standard()), 3);

  @Test
  void compile_sameSourceTwice_returnsTheCachedResult() {
    CompileResult first = cache.compile("in x: Int\nout x");
    assertThat(cache.compile("in x: Int\nout x")).isSameAs(first);
  }

  @Test
  void compile_sourcesDifferingInLayout_shareOnePipelineInstance() {
    CompileResult compact = cache.compile("in x: Int\nout x");
    CompileResult spaced = cache.compile("# a comment\nin   x: Int\n\nout x\n");
    assertThat(spaced.ok()).isTrue();
    assertThat(spaced.get()).isSameAs(compact.get());
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void compile_failure_isCachedToo() {
    CompileResult failed = cache.compile("in x: Int\nout y");
    assertThat(failed.ok()).isFalse();
    assertThat(cache.compile("in x: Int\nout y")).isSameAs(failed);
  }

  @Test
  void compile_moreSourcesThanTheBound_evictsTheLeastRecentlyUsed() {
    for (int i = 0; i < 10; i++) cache.compile("in x: Int\ny = x + " + i + "\nout y");
    assertThat(cache.size()).isEqualTo(3);
  }
}
