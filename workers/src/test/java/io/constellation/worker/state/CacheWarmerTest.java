package io.constellation.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.engine.Compiler;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.ModuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CacheWarmerTest {

  private final Compiler compiler = Compiler.create(ModuleRegistry.standard());
  private final CacheBackend shared = CacheBackend.inMemory(1_000, InstantSource.system());

  private CompilationStore node() {
    return new CompilationStore(shared, CacheStats.detached(), InstantSource.system());
  }

  @Test
  void warm_compilesGoodFiles_skipsBadOnes_andAnotherNodeThenHits(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.cst"), "in x: Int\ny = x + 1\nout y");
    Files.writeString(dir.resolve("b.cst"), "in s: String\nout s");
    Files.writeString(dir.resolve("broken.cst"), "in x: Int\nout nope");
    Files.write(dir.resolve("binary.cst"), new byte[] {(byte) 0xC3, (byte) 0x28, 0, 1});
    Files.writeString(dir.resolve("huge.cst"), "#".repeat((int) CacheWarmer.MAX_FILE_BYTES + 1));
    Files.writeString(dir.resolve("ignored.txt"), "not a pipeline");
    Files.createDirectory(dir.resolve("dir.cst"));

    CompilationStore first = node();
    CacheWarmer.Report report = new CacheWarmer(compiler, first).warm(dir);
    assertThat(report.compiled()).isEqualTo(2);
    assertThat(report.skipped()).extracting(s -> s.file().getFileName().toString())
        .containsExactly("binary.cst", "broken.cst", "dir.cst", "huge.cst");
    assertThat(report.skipped().get(1).errors()).isNotEmpty();
    assertThat(report.skipped().get(1).errors().getFirst()).contains("nope");

    CompilationStore second = node();
    assertThat(second.compile(compiler, "in s: String\nout s").ok()).isTrue();
    assertThat(second.remoteHits()).isEqualTo(1);
    CacheWarmer.Report again = new CacheWarmer(compiler, second).warm(dir);
    assertThat(again.compiled()).isZero();
    assertThat(again.alreadyCached()).isEqualTo(2);
  }

  @Test
  void warm_rejectsAMissingDirectory(@TempDir Path dir) {
    CacheWarmer warmer = new CacheWarmer(compiler, node());
    assertThatThrownBy(() -> warmer.warm(dir.resolve("absent"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory");
    assertThat(warmer.warm(dir).compiled()).isZero();
  }
}
