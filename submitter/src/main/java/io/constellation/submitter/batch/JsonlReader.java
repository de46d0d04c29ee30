package io.constellation.submitter.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Locale;

/**
 * Reads a JSONL inputs file line by line: each non-blank line must be one JSON object (the inputs of one
 * execution). A line that is not becomes a {@link JsonlEntry.Malformed} with the reason, never an exception, so
 * one bad line costs one entry and the rest of the file still runs.
 *
 * <p>Hostile input is bounded: a line longer than {@code maxLineBytes} is skipped over (not held in memory) and
 * reported; nesting depth and number lengths are capped by the JSON parser; bytes that are not UTF-8 are
 * reported. Line numbers are 1-based and count blank lines, so they match what an editor shows.
 *
 * <p>Thread-safety: not thread-safe; one reader per stream, used by one thread.
 */
final class JsonlReader {
  /** Exact numbers (no double rounding of big integers), duplicate keys rejected, nesting bounded. */
  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(500).build())
          .build())
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class);

  private final InputStream in;
  private final int maxLineBytes;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private int line;
  private boolean eof;

  JsonlReader(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 2) throw new IllegalArgumentException("maxLineBytes must be >= 2, was " + maxLineBytes);
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
    this.maxLineBytes = maxLineBytes;
  }

  /** The next non-blank line, or {@code null} at the end of the stream. */
  JsonlEntry next() throws IOException {
    while (!eof) {
      long length = readLine();
      if (length < 0) return null;
      line++;
      if (line < 0) throw new IOException("inputs file has more than " + Integer.MAX_VALUE + " lines");
      if (length > maxLineBytes) {
        return new JsonlEntry.Malformed(line, "line is " + length + " bytes, over the limit of " + maxLineBytes);
      }
      byte[] bytes = buffer.toByteArray();
      if (isBlank(bytes)) continue;
      return parse(line, bytes);
    }
    return null;
  }

  /** Parses one line's bytes; never throws for bad content. */
  static JsonlEntry parse(int line, byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new JsonlEntry.Malformed(line, "line is not valid UTF-8");
    }
    JsonNode node;
    try {
      node = READER.readValue(text);
    } catch (JsonProcessingException e) {
      return new JsonlEntry.Malformed(line, "not valid JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // Jackson reports exceeded constraints (nesting, number length) as runtime exceptions.
      return new JsonlEntry.Malformed(line, "not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      String kind = node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
      return new JsonlEntry.Malformed(line, "must be a JSON object of input values, got " + kind);
    }
    return new JsonlEntry.Inputs(line, (ObjectNode) node);
  }

  /**
   * Counts the non-blank lines of {@code in} whose number is not in {@code exclude}, without parsing them: the
   * total a progress report needs before the run starts.
   */
  static int countEntries(InputStream in, BitSet exclude) throws IOException {
    int count = 0;
    int line = 1;
    boolean content = false;
    byte[] chunk = new byte[64 * 1024];
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      for (int i = 0; i < n; i++) {
        byte b = chunk[i];
        if (b == '\n') {
          if (content && !exclude.get(line)) count++;
          line++;
          content = false;
        } else if (!isWhitespace(b)) {
          content = true;
        }
      }
    }
    if (content && !exclude.get(line)) count++;
    return count;
  }

  /** Reads up to the next newline into {@code buffer} (at most maxLineBytes kept); -1 at end of stream. */
  private long readLine() throws IOException {
    buffer.reset();
    long length = 0;
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') return stripCarriageReturn(length);
      length++;
      if (length <= maxLineBytes) buffer.write(b);
    }
    eof = true;
    return length == 0 ? -1 : stripCarriageReturn(length);
  }

  private long stripCarriageReturn(long length) {
    if (length > 0 && length <= maxLineBytes) {
      byte[] bytes = buffer.toByteArray();
      if (bytes[bytes.length - 1] == '\r') {
        buffer.reset();
        buffer.write(bytes, 0, bytes.length - 1);
        return length - 1;
      }
    }
    return length;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) if (!isWhitespace(b)) return false;
    return true;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
