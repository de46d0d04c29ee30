package io.constellation.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark fixture: {@code NAME.cst} and the inputs in {@code NAME.inputs.json} beside it (a JSON object of
 * input name to value).
 */
record Fixture(String name, String source, Map<String, JsonNode> inputs) {
  private static final String SOURCE_SUFFIX = ".cst";
  private static final String INPUTS_SUFFIX = ".inputs.json";

  Fixture {
    inputs = Map.copyOf(inputs);
  }

  /**
   * Every {@code NAME.cst} in {@code directory} that has a {@code NAME.inputs.json}, sorted by name; sources
   * without inputs are skipped.
   *
   * @throws UncheckedIOException when the directory or a file cannot be read
   * @throws IllegalArgumentException when an inputs file is not a JSON object
   */
  static List<Fixture> load(Path directory) {
    List<Path> sources = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + SOURCE_SUFFIX)) {
      entries.forEach(sources::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list fixtures in " + directory, e);
    }
    sources.sort(null);
    ObjectMapper json = new ObjectMapper();
    List<Fixture> fixtures = new ArrayList<>();
    for (Path source : sources) {
      String file = source.getFileName().toString();
      String name = file.substring(0, file.length() - SOURCE_SUFFIX.length());
      Path inputsFile = source.resolveSibling(name + INPUTS_SUFFIX);
      if (!Files.isRegularFile(inputsFile)) continue;
      try {
        JsonNode inputs = json.readTree(inputsFile.toFile());
        if (inputs == null || !inputs.isObject()) {
          throw new IllegalArgumentException(inputsFile + " must hold a JSON object of input values");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> input : inputs.properties()) values.put(input.getKey(), input.getValue());
        fixtures.add(new Fixture(name, Files.readString(source, StandardCharsets.UTF_8), values));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read fixture " + name, e);
      }
    }
    return fixtures;
  }
}
