package io.constellation.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.worker.state.CacheStats;
import io.constellation.worker.state.CompilationStore;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

final class SharedCompilationsTest {
  private final Compiler compiler = Compiler.create(ModuleRegistry.standard());
  private final CompilationStore store = new CompilationStore(
      CacheBackend.inMemory(CompilationStore.NEAR_ENTRIES, InstantSource.system()), CacheStats.detached(),
      InstantSource.system());
  private final SharedCompilations compilations = new SharedCompilations(compiler, store);

  @Test
  void compile_shortSourceTwice_compilesOnceThenHitsTheStore() {
    CompileResult first = compilations.compile("in x: Int\nout x");
    CompileResult second = compilations.compile(new String("in x: Int\nout x")); // equal text, other instance

    assertThat(first.ok()).isTrue();
    assertThat(second.get()).isEqualTo(first.get());
    assertThat(store.misses()).isEqualTo(1);
    assertThat(store.localHits()).isEqualTo(1);
  }

  @Test
  void compile_longSourceTwice_compilesOnceThenHitsTheStore() {
    String source = longSource("in x: Int\nout x");

    CompileResult first = compilations.compile(source);
    CompileResult second = compilations.compile(source);

    assertThat(first.ok()).as("%s", first.errors()).isTrue();
    assertThat(second.get()).isEqualTo(first.get());
    assertThat(store.misses()).isEqualTo(1);
    assertThat(store.localHits()).isEqualTo(1);
  }

  @Test
  void compile_failingSourceTwice_isAnsweredFromTheFailureMemory() {
    CompileResult first = compilations.compile("in x: Int\nout nope");
    CompileResult second = compilations.compile("in x: Int\nout nope");

    assertThat(first.ok()).isFalse();
    assertThat(second).isSameAs(first);
  }

  @Test
  void compile_shortSourceSpellingTheHashOfALongOne_isNotTakenForIt() {
    String working = longSource("in x: Int\nout x");
    assertThat(compilations.compile(CanonicalJson.sha256(working)).ok()).isFalse(); // remembered as a failure

    assertThat(compilations.compile(working).ok()).isTrue();
  }

  /** {@code program} after comment lines, longer than what is remembered verbatim. */
  private static String longSource(String program) {
    return ("# padding to make the source long\n").repeat(SharedCompilations.MAX_VERBATIM_CHARS / 30) + program;
  }
}
