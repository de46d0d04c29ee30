package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The language conformance corpus of the design notes ({@code ../shared/conformance}, beside the checkout), run
 * through the packaged {@code ./constellation} launcher by its own runner: at least 95% of runnable cases pass.
 */
class ConformanceIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path RUNNER = ROOT.resolve("../shared/conformance/run.py").normalize();

  @Test
  void conformanceCorpusPasses() throws IOException, InterruptedException {
    assumeTrue(Files.isRegularFile(RUNNER), "conformance corpus not found at " + RUNNER);
    Process process = new ProcessBuilder("python3", RUNNER.toString(), ROOT.toString())
        .directory(ROOT.toFile())
        .redirectErrorStream(true)
        .start();
    String output;
    try (var stream = process.getInputStream()) {
      output = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
    boolean finished = process.waitFor(20, TimeUnit.MINUTES);
    System.out.println(output);

    assertThat(finished).as("conformance run finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("conformance: ");
  }
}
