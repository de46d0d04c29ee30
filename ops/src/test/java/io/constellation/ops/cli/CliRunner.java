package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs the command line in this JVM and captures what it prints. */
final class CliRunner {
  private CliRunner() {}

  record Outcome(int exitCode, String stdout, String stderr) {
    JsonNode json() {
      try {
        return Json.parse(stdout.strip());
      } catch (Exception e) {
        throw new AssertionError("stdout is not one JSON document: " + stdout + "\nstderr: " + stderr, e);
      }
    }
  }

  static Outcome run(String... args) {
    return run(Map.of(), args);
  }

  static Outcome run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(List.of(args), o, e, env);
    }
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
