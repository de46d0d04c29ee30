package io.constellation.submitter.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The gateway's JSON reader and writer. Reading: nesting bounded (hostile depth fails fast, no stack overflow),
 * duplicate keys and trailing content refused, numbers kept exact (big integers and decimals are not rounded to a
 * double on their way to the pipeline's inputs). Jackson's own limits on string and number length apply too.
 *
 * <p>Thread-safety: immutable; the mapper is thread-safe once built.
 */
final class GatewayJson {
  static final int MAX_NESTING_DEPTH = 200;
  /** Longest message a parse error repeats from Jackson. */
  private static final int MAX_REASON = 160;

  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private GatewayJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The body as one JSON object; throws {@link ApiError#BAD_REQUEST} saying where it is malformed. */
  static ObjectNode parseObject(byte[] body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiError.BAD_REQUEST.because("malformed JSON" + where + ": " + reason(e));
    } catch (IOException e) {
      throw ApiError.BAD_REQUEST.because("malformed JSON: " + Texts.shorten(e.getMessage()));
    }
    if (node == null || node.isMissingNode()) throw ApiError.BAD_REQUEST.because("the request body is empty; send a JSON object");
    if (!node.isObject()) {
      throw ApiError.BAD_REQUEST.because("the request body must be a JSON object, was " + describe(node));
    }
    return (ObjectNode) node;
  }

  static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Parses JSON text the gateway itself trusts (stored documents); throws {@link IllegalStateException}. */
  static JsonNode parseTrusted(String text, String what) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " is not valid JSON", e);
    }
  }

  /** "a string", "an array", ... for messages. */
  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "not a JSON value";
    };
  }

  private static String reason(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    String oneLine = original.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "...";
  }
}
