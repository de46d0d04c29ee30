package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code constellation compile} and {@code constellation modules}. */
class CompileAndModulesCommandTest {
  @TempDir Path dir;

  private String file(String content) throws IOException {
    Path path = dir.resolve("p.cst");
    Files.writeString(path, content);
    return path.toString();
  }

  @Test
  void compileJsonHasHashesDagAndEachModuleCallWithItsOptions() throws IOException {
    String cst = file("in text: String\nup = Uppercase(text) with retry: 3, timeout: 2s, priority: high\nout up\n");

    CliRunner.Outcome outcome = CliRunner.run("compile", cst, "--json");

    assertThat(outcome.exitCode()).isZero();
    JsonNode result = outcome.json();
    assertThat(result.get("sourceHash").asText()).hasSize(64);
    assertThat(result.get("structuralHash").asText()).hasSize(64);
    assertThat(result.get("registryHash").asText()).hasSize(64);
    assertThat(result.at("/dag/outputs/0/name").asText()).isEqualTo("up");
    JsonNode call = result.at("/modules/0");
    assertThat(call.get("module").asText()).isEqualTo("Uppercase");
    assertThat(call.at("/options/retry").asInt()).isEqualTo(3);
    assertThat(call.at("/options/timeoutMs").asLong()).isEqualTo(2000);
    assertThat(call.at("/options/priority").asInt()).isEqualTo(80);
  }

  @Test
  void formattingAndCommentsKeepTheSourceHash() throws IOException {
    String a = CliRunner.run("compile", file("in x: Int\ny = x + 1\nout y\n"), "--json").json()
        .get("sourceHash").asText();
    String b = CliRunner.run("compile", file("# comment\nin   x : Int\n\n y=x+1 # inc\nout y"), "--json").json()
        .get("sourceHash").asText();

    assertThat(a).isEqualTo(b);
  }

  @Test
  void compileDrawsDotAndMermaid() throws IOException {
    String cst = file("in text: String\nup = Uppercase(text)\nout up\n");

    CliRunner.Outcome dot = CliRunner.run("compile", cst, "--format", "dot");
    CliRunner.Outcome mermaid = CliRunner.run("compile", cst, "--format", "mermaid");

    assertThat(dot.exitCode()).isZero();
    assertThat(dot.stdout()).startsWith("digraph").contains("Uppercase");
    assertThat(mermaid.stdout()).contains("flowchart").contains("Uppercase");
  }

  @Test
  void compileTextShowsHashesAndNodes() throws IOException {
    CliRunner.Outcome outcome = CliRunner.run("compile", file("in text: String\nup = Uppercase(text)\nout up\n"));

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.stdout()).contains("structural hash:").contains("call Uppercase").contains("up <- #");
  }

  @Test
  void compileWarningsAreReported() throws IOException {
    CliRunner.Outcome outcome = CliRunner.run("compile", file("in x: Int\nunused = x + 1\nout x\n"), "--json");

    assertThat(outcome.json().at("/warnings/0/message").asText()).isEqualTo("unused assignment 'unused'");
    assertThat(outcome.json().at("/warnings/0/line").asInt()).isEqualTo(2);
  }

  @Test
  void compileErrorExitsTwo() throws IOException {
    CliRunner.Outcome outcome = CliRunner.run("compile", file("out nothing\n"), "--json");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.json().at("/errors/0/code").asText()).isEqualTo("E001");
  }

  @Test
  void modulesListsStdlibAndBundledModulesWithSignatures() {
    CliRunner.Outcome json = CliRunner.run("modules", "--json");
    CliRunner.Outcome text = CliRunner.run("modules");

    assertThat(json.exitCode()).isZero();
    assertThat(json.json().get("modules").findValuesAsText("name"))
        .contains("Uppercase", "stdlib.math.add", "stdlib.collection.map", "FormatNumber");
    assertThat(text.stdout()).contains("stdlib.math.add(a: Int, b: Int) -> Int").contains("Uppercase(text: String)");
  }
}
