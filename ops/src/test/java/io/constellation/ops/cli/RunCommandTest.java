package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code constellation run}: statuses, exit codes, the JSON shape, and malformed, oversized and hostile input. */
class RunCommandTest {
  @TempDir Path dir;

  private String file(String name, String content) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, content);
    return path.toString();
  }

  @Test
  void completedRunPrintsOutputsAndExitsZero() throws IOException {
    String cst = file("p.cst", "in text: String\nup = Uppercase(text)\nn = WordCount(up)\nout up\nout n\n");

    CliRunner.Outcome outcome = CliRunner.run("run", cst, "--input", "text=hello big world", "--json");

    assertThat(outcome.exitCode()).isZero();
    JsonNode result = outcome.json();
    assertThat(result.get("status").asText()).isEqualTo("completed");
    assertThat(result.at("/outputs/up").asText()).isEqualTo("HELLO BIG WORLD");
    assertThat(result.at("/outputs/n").asLong()).isEqualTo(3);
    assertThat(result.get("errors")).isEmpty();
    assertThat(result.get("warnings")).isEmpty();
    assertThat(result.get("durationMs").isIntegralNumber()).isTrue();
  }

  @Test
  void inputValueIsJsonWhenItParsesAndAStringOtherwise() throws IOException {
    String cst = file("p.cst", "in a: Int\nin b: String\nin c: List<Int>\ns = a + 1\nout s\nout b\nout c\n");

    JsonNode result = CliRunner.run("run", cst, "--input", "a=41", "--input", "b=not json {",
        "--input", "c=[1,2]", "--json").json();

    assertThat(result.at("/outputs/s").asLong()).isEqualTo(42);
    assertThat(result.at("/outputs/b").asText()).isEqualTo("not json {");
    assertThat(result.at("/outputs/c").toString()).isEqualTo("[1,2]");
  }

  @Test
  void inputOverridesInputsFile() throws IOException {
    String cst = file("p.cst", "in a: Int\nout a\n");
    String inputs = file("in.json", "{\"a\": 1}");

    JsonNode result = CliRunner.run("run", cst, "--inputs", inputs, "--input", "a=2", "--json").json();

    assertThat(result.at("/outputs/a").asLong()).isEqualTo(2);
  }

  @Test
  void moduleFailureIsFailedWithTheErrorAndTheOtherOutputs() throws IOException {
    String cst = file("p.cst", "in n: Int\nq = 10 / n\nok = n + 1\nout q\nout ok\n");

    CliRunner.Outcome outcome = CliRunner.run("run", cst, "--input", "n=0", "--json");

    assertThat(outcome.exitCode()).isEqualTo(1);
    JsonNode result = outcome.json();
    assertThat(result.get("status").asText()).isEqualTo("failed");
    assertThat(result.at("/outputs/ok").asLong()).isEqualTo(1);
    assertThat(result.at("/outputs/q").isMissingNode()).isTrue();
    JsonNode error = result.at("/errors/0");
    assertThat(error.get("code").asText()).isEqualTo("EVALUATION_ERROR");
    assertThat(error.get("message").asText()).isEqualTo("Division by zero");
    assertThat(error.get("node").asText()).isEqualTo("q");
    assertThat(error.get("line").asInt()).isEqualTo(2);
  }

  @Test
  void compileErrorIsRejectedWithPosition() throws IOException {
    String cst = file("p.cst", "in text: String\nup = Uppercas(text)\nout up\n");

    CliRunner.Outcome outcome = CliRunner.run("run", cst, "--input", "text=x", "--json");

    assertThat(outcome.exitCode()).isEqualTo(2);
    JsonNode error = outcome.json().at("/errors/0");
    assertThat(outcome.json().get("status").asText()).isEqualTo("rejected");
    assertThat(error.get("code").asText()).isEqualTo("E002");
    assertThat(error.get("message").asText()).contains("Did you mean 'Uppercase'?");
    assertThat(error.get("line").asInt()).isEqualTo(2);
    assertThat(error.get("column").asInt()).isEqualTo(6);
    assertThat(error.get("node").isNull()).isTrue();
  }

  @Test
  void humanOutputShowsTheSourceLineAndACaret() throws IOException {
    String cst = file("p.cst", "in text: String\nup = Uppercas(text)\nout up\n");

    CliRunner.Outcome outcome = CliRunner.run("run", cst, "--input", "text=x");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains(cst + ":2:6: error E002: Undefined function: Uppercas")
        .contains("    up = Uppercas(text)\n         ^");
  }

  @Test
  void missingAndInvalidInputsAreRejected() throws IOException {
    String cst = file("p.cst", "in a: Int\nin b: String\nout a\n");

    CliRunner.Outcome outcome = CliRunner.run("run", cst, "--input", "a=\"x\"", "--input", "zzz=1", "--json");

    assertThat(outcome.exitCode()).isEqualTo(2);
    JsonNode result = outcome.json();
    assertThat(result.get("status").asText()).isEqualTo("rejected");
    assertThat(result.get("errors").findValuesAsText("code")).containsOnly("INPUT_VALIDATION");
    assertThat(result.get("errors").findValuesAsText("message"))
        .contains("missing required inputs: b (String)", "unexpected input 'zzz'",
            "invalid input 'a': expected Int, got string");
  }

  @Test
  void malformedInputsFileIsRejectedNotACrash() throws IOException {
    String cst = file("p.cst", "in a: Int\nout a\n");
    for (String content : new String[] {"{\"a\": ", "[1, 2]", "42", "", "{\"a\": 1, \"a\": 2}", "\u0000\u0001"}) {
      String inputs = file("in.json", content);

      CliRunner.Outcome outcome = CliRunner.run("run", cst, "--inputs", inputs, "--json");

      assertThat(outcome.exitCode()).as(content).isEqualTo(2);
      assertThat(outcome.json().at("/errors/0/code").asText()).isEqualTo("INPUT_VALIDATION");
    }
  }

  @Test
  void deeplyNestedInputJsonIsRejectedNotAStackOverflow() throws IOException {
    String cst = file("p.cst", "in a: List<Int>\nout a\n");
    String nested = "[".repeat(100_000) + "]".repeat(100_000);
    String inputs = file("in.json", "{\"a\": " + nested + "}");

    CliRunner.Outcome outcome = CliRunner.run("run", cst, "--inputs", inputs, "--json");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.json().get("status").asText()).isEqualTo("rejected");
  }

  @Test
  void hostileSourcesAreRejectedWithCompileErrors() throws IOException {
    String[] sources = {
        "", "out", "in x: Int out x " + "(".repeat(50_000), "x = " + "[".repeat(100_000) + "\nout x",
        "in s: String\nt = \"${\"${\"${s}\"}\"}\nout t\n" + "\"${".repeat(20_000),
        "in x: Int\ny = x" + " + x".repeat(20_000) + "\nout y\n", "\u0000\u0001\u0002", "in x: Int\nout x %"};
    for (String source : sources) {
      String cst = file("p.cst", source);

      CliRunner.Outcome outcome = CliRunner.run("run", cst, "--json");

      assertThat(outcome.exitCode()).as(source.substring(0, Math.min(40, source.length()))).isEqualTo(2);
      JsonNode error = outcome.json().at("/errors/0");
      assertThat(error.get("code").asText()).startsWith("E");
      assertThat(error.get("line").asInt()).isPositive();
    }
  }

  @Test
  void sourceOverTheSizeLimitIsRejected() throws IOException {
    String cst = file("p.cst", "in x: Int\nout x\n" + "#".repeat(2 << 20) + "\n");

    CliRunner.Outcome outcome = CliRunner.run("run", cst, "--input", "x=1", "--json");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.json().at("/errors/0/message").asText()).contains("limit");
  }

  @Test
  void notUtf8SourceIsAUsageError() throws IOException {
    Path path = dir.resolve("bin.cst");
    Files.write(path, new byte[] {(byte) 0xff, (byte) 0xfe, 'o', 'u', 't'});

    CliRunner.Outcome outcome = CliRunner.run("run", path.toString());

    assertThat(outcome.exitCode()).isEqualTo(64);
    assertThat(outcome.stderr()).contains("not valid UTF-8");
  }

  @Test
  void badUsageExitsSixtyFour() throws IOException {
    String cst = file("p.cst", "in a: Int\nout a\n");
    String[][] lines = {
        {"run"}, {"run", dir.resolve("missing.cst").toString()}, {"run", cst, "--nope"},
        {"run", cst, "--input", "novalue"}, {"run", cst, "--inputs"}, {"run", cst, cst},
        {"run", cst, "--deadline", "soon"}, {"frobnicate"}, {}, {"compile", cst, "--format", "png"},
        {"run", cst, "--json=yes"}};
    for (String[] line : lines) {
      CliRunner.Outcome outcome = CliRunner.run(line);

      assertThat(outcome.exitCode()).as(String.join(" ", line)).isEqualTo(64);
      assertThat(outcome.stderr()).containsAnyOf("constellation: ", "usage: constellation");
    }
  }

  @Test
  void sourceOfManyBytesInAStringValueRunsWithoutTrouble() throws IOException {
    String cst = file("p.cst", "in s: String\nn = TextLength(s)\nout n\n");
    String big = "x".repeat(1_000_000);
    String inputs = file("in.json", "{\"s\": \"" + big + "\"}");

    JsonNode result = CliRunner.run("run", cst, "--inputs", inputs, "--json").json();

    assertThat(result.at("/outputs/n").asLong()).isEqualTo(1_000_000);
    assertThat(Files.size(Path.of(inputs))).isGreaterThan(1_000_000);
    assertThat(new String(Files.readAllBytes(Path.of(cst)), StandardCharsets.UTF_8)).contains("TextLength");
  }
}
