package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code constellation demo}, the README's first command, end to end on its own local cluster. */
final class DemoCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void demo_runsEveryStepAndExits0() {
    CliRunner.Outcome outcome = CliRunner.run("demo", "--examples", EXAMPLES.toString(), "--repeat", "4");

    assertThat(outcome.exitCode()).as(outcome.stdout() + outcome.stderr()).isEqualTo(0);
    assertThat(outcome.stdout())
        .contains("20 in all")
        .contains("all 20: {COMPLETED=20}")
        .contains("dev-1").contains("dev-2").contains("dev-3")
        .contains("hit rate over the cluster")
        .contains("-> FAILED: Module 'demo.CheckStock' execution failed")
        .contains("~replay2 -> COMPLETED")
        .contains("replaying the same selection again submits nothing")
        .contains("22 executions recorded")
        .contains("demo finished: every step worked");
  }

  @Test
  void demo_withoutExamples_exit64_sayingWhere(@TempDir Path dir) throws Exception {
    CliRunner.Outcome missing = CliRunner.run("demo", "--examples", dir.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(64);
    assertThat(missing.stderr()).contains("no examples directory at");

    Files.writeString(dir.resolve("lonely.cst"), "in x: Int\nout x\n"); // no inputs beside it
    CliRunner.Outcome empty = CliRunner.run("demo", "--examples", dir.toString());
    assertThat(empty.exitCode()).isEqualTo(64);
    assertThat(empty.stderr()).contains("no NAME.cst with NAME.inputs.json");
  }

  @Test
  void demo_badNumbers_exit64() {
    assertThat(CliRunner.run("demo", "--workers", "0").stderr()).contains("--workers expects a number from 1 to 16");
    assertThat(CliRunner.run("demo", "--repeat", "lots").stderr()).contains("--repeat expects a number");
  }
}
