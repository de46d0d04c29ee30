package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules of a provider found on the class path are listed and callable. */
class ModuleDiscoveryTest {
  @TempDir Path dir;

  @Test
  void providerModulesAreListedAndCallable() throws IOException {
    Path cst = dir.resolve("p.cst");
    Files.writeString(cst, "use acme.text as t\nin s: String\nloud = t.Shout(s, 3)\nout loud\n");

    CliRunner.Outcome run = CliRunner.run("run", cst.toString(), "--input", "s=hey", "--json");
    CliRunner.Outcome modules = CliRunner.run("modules");

    assertThat(run.json().at("/outputs/loud").asText()).isEqualTo("HEY!!!");
    assertThat(modules.stdout()).contains("acme.text.Shout(text: String, times: Int) -> String");
  }

  @Test
  void missingModulePathEntryIsAUsageError() {
    CliRunner.Outcome outcome = CliRunner.run("modules", "--module-path", dir.resolve("none.jar").toString());

    assertThat(outcome.exitCode()).isEqualTo(64);
    assertThat(outcome.stderr()).contains("module path entry not found");
  }
}
