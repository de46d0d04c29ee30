package io.constellation.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.constellation.engine.json.CanonicalJson;
import java.io.IOException;

/**
 * The one JSON reader and writer of this module: nesting bounded (so hostile depth fails fast instead of
 * overflowing a stack), duplicate keys refused (two readers could otherwise see different values), trailing
 * content refused. Jackson's own limits on string and number length apply too.
 *
 * <p>Thread-safety: immutable; the mapper is thread-safe once configured.
 */
final class BoundedJson {
  /** Deepest nesting accepted in any document, the inputs included. */
  static final int MAX_NESTING_DEPTH = 200;

  private final ObjectMapper mapper;

  BoundedJson() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** Parses a whole document; {@code what} names it in messages ("request JSON", "field 'inputs'"). */
  JsonNode parse(byte[] bytes, String what) throws DecodeFailure {
    try {
      return present(mapper.readTree(bytes), what);
    } catch (JsonProcessingException e) {
      throw new DecodeFailure(what + " is not valid JSON: " + describe(e), e);
    } catch (IOException | RuntimeException e) {
      throw new DecodeFailure(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  JsonNode parse(String text, String what) throws DecodeFailure {
    try {
      return present(mapper.readTree(text), what);
    } catch (JsonProcessingException e) {
      throw new DecodeFailure(what + " is not valid JSON: " + describe(e), e);
    } catch (RuntimeException e) {
      throw new DecodeFailure(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Canonical text of a parsed value; numbers beyond double range are refused rather than written as Infinity. */
  static String canonical(JsonNode node, String what) throws DecodeFailure {
    try {
      return CanonicalJson.write(node);
    } catch (IllegalArgumentException e) {
      throw new DecodeFailure(what + " holds a value that has no canonical JSON form: " + e.getMessage(), e);
    }
  }

  byte[] write(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static JsonNode present(JsonNode node, String what) throws DecodeFailure {
    if (node == null || node.isMissingNode()) throw new DecodeFailure(what + " is empty");
    return node;
  }

  // The original message plus line and column, without Jackson's "[Source: ...]" suffix.
  private static String describe(JsonProcessingException e) {
    JsonLocation where = e.getLocation();
    String message = e.getOriginalMessage();
    if (message != null && message.length() > 300) message = message.substring(0, 300) + "...";
    return where == null ? message : message + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }
}
