package io.constellation.submitter.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.avro.ExecutionResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.BitSet;
import java.util.Optional;
import java.util.Locale;

/**
 * The lines of a batch output file: one JSON object per input line, {@code {"line", "executionId", "status",
 * "outputs", "errors", "node", "fromCache"}}, status in lowercase like the command line ({@code completed}, {@code failed},
 * {@code rejected}, {@code expired}).
 */
final class ResultLines {
  private ResultLines() {}

  private static final ResultCodec RESULTS = new ResultCodec();

  static String of(int line, ExecutionResult result, Instant submittedAt) {
    JsonNode full = RESULTS.toJson(result);
    ObjectNode node = JsonlReader.MAPPER.createObjectNode();
    node.put("line", line);
    node.put("executionId", result.getExecutionId());
    node.put("status", result.getStatus().name().toLowerCase(Locale.ROOT));
    node.set("outputs", full.get("outputs"));
    node.set("errors", full.get("errors"));
    node.put("node", result.getNodeId() == null || result.getNodeId().isEmpty() ? null : result.getNodeId());
    node.put("fromCache", result.getFromCache());
    if (submittedAt != null) node.put("submittedAt", submittedAt.toString());
    return write(node);
  }

  /** The line of an input line that never ran: REJECTED with code INPUT_VALIDATION and the reason. */
  static String rejected(int line, String executionId, String reason) {
    ObjectNode node = JsonlReader.MAPPER.createObjectNode();
    node.put("line", line);
    node.put("executionId", executionId);
    node.put("status", "rejected");
    node.putObject("outputs");
    ObjectNode error = node.putArray("errors").addObject();
    error.put("code", "INPUT_VALIDATION");
    error.put("message", "line " + line + ": " + reason);
    node.putNull("node");
    return write(node);
  }

  private static String write(JsonNode node) {
    try {
      return JsonlReader.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a result line", e);
    }
  }

  /** What an existing output file says is done. */
  record Existing(BitSet lines, int unreadable, boolean endsWithNewline, Optional<Instant> firstSubmitted) {}

  /**
   * Reads the line numbers already answered in {@code output}. A line that is not a result object (a line cut
   * short by a crash) is counted as unreadable and redone. A result of another batch (its execution id does not
   * start with {@code batchId-}) is refused: resuming into it would skip the wrong lines.
   */
  static Existing read(Path output, String batchId) throws IOException {
    BitSet lines = new BitSet();
    int unreadable = 0;
    Instant first = null;
    if (!Files.exists(output)) return new Existing(lines, 0, true, Optional.empty());
    String prefix = batchId + "-";
    try (InputStream in = Files.newInputStream(output);
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
             .onMalformedInput(CodingErrorAction.REPLACE)))) {
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        if (text.isBlank()) continue;
        JsonNode node;
        try {
          node = JsonlReader.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
          unreadable++;
          continue;
        }
        if (node == null || !node.isObject() || !node.path("line").canConvertToInt() || node.path("line").asInt() < 1
            || !node.path("executionId").isTextual()) {
          unreadable++;
          continue;
        }
        String executionId = node.get("executionId").asText();
        if (!executionId.startsWith(prefix)) {
          throw new IOException(output + " holds results of another batch (executionId " + executionId
              + ", expected " + prefix + "<line>); choose another output file or drop --resume");
        }
        lines.set(node.get("line").asInt());
        if (node.path("submittedAt").isTextual()) {
          try {
            Instant submitted = Instant.parse(node.get("submittedAt").asText());
            if (first == null || submitted.isBefore(first)) first = submitted;
          } catch (DateTimeParseException e) {
            // a hand-edited line: the recover window alone bounds the search
          }
        }
      }
    }
    return new Existing(lines, unreadable, endsWithNewline(output), Optional.ofNullable(first));
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      if (raf.length() == 0) return true;
      raf.seek(raf.length() - 1);
      return raf.read() == '\n';
    }
  }
}
