package io.constellation.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.constellation.schemas.avro.ExecutionError;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON texts for the {@code jsonb} columns, always ones PostgreSQL accepts, so no result can fail a batch.
 *
 * <p>Implementation notes: a worker's outputs are normally a canonical JSON object and are stored as they are,
 * after one streaming pass checks what jsonb would refuse: a NUL or an unpaired surrogate in a string (after
 * unescaping), a number whose exponent is beyond numeric's range, trailing text. Outputs failing that pass are
 * rebuilt as a tree with those strings cleaned and such numbers turned into strings; text that is no JSON object at
 * all is stored as one JSON string. Errors, warnings and metadata are written here from their Avro form.
 */
final class JsonText {
  /** numeric accepts exponents up to 1000; this leaves room for the mantissa's digits. */
  private static final int MAX_EXPONENT = 900;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private JsonText() {}

  /** A jsonb-safe form of a worker's outputs: the object as it is, cleaned, or the text as a JSON string. */
  static String outputs(String json) {
    if (json == null || json.isBlank()) return "{}";
    if (storableObject(json)) return json;
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      tree = null;
    }
    JsonNode stored = tree instanceof ObjectNode ? sanitized(tree) : TextNode.valueOf(SafeText.clean(json));
    return write(stored);
  }

  static String errors(List<ExecutionError> errors) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartArray();
      if (errors != null) {
        for (ExecutionError error : errors) {
          json.writeStartObject();
          json.writeStringField("code", nonNull(error.getCode()));
          json.writeStringField("message", nonNull(error.getMessage()));
          if (error.getNode() != null) json.writeStringField("node", SafeText.clean(error.getNode()));
          if (error.getModule() != null) json.writeStringField("module", SafeText.clean(error.getModule()));
          if (error.getLine() != null) json.writeNumberField("line", error.getLine());
          if (error.getColumn() != null) json.writeNumberField("column", error.getColumn());
          json.writeEndObject();
        }
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  static String warnings(List<String> warnings) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartArray();
      if (warnings != null) {
        for (String warning : warnings) json.writeString(nonNull(warning));
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static String metadata(Map<String, String> metadata) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartObject();
      if (metadata != null) {
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
          json.writeStringField(nonNull(entry.getKey()), nonNull(entry.getValue()));
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** One streaming pass: a single JSON object that jsonb takes as it is. */
  static boolean storableObject(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) return false;
      int depth = 1;
      while (depth > 0) {
        JsonToken token = parser.nextToken();
        if (token == null) return false;
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME, VALUE_STRING -> {
            if (SafeText.unsafe(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
              return false;
            }
          }
          case VALUE_NUMBER_FLOAT -> {
            if (!storableNumber(parser.getText())) return false;
          }
          default -> { }
        }
      }
      return parser.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean storableNumber(String literal) {
    int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
    if (e < 0) return true;
    String exponent = literal.substring(e + 1);
    if (exponent.startsWith("+")) exponent = exponent.substring(1);
    try {
      return Math.abs(Integer.parseInt(exponent)) <= MAX_EXPONENT;
    } catch (NumberFormatException tooLong) {
      return false;
    }
  }

  private static JsonNode sanitized(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(SafeText.clean(field.getKey()), sanitized(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode element : node) copy.add(sanitized(element));
      return copy;
    }
    if (node.isTextual()) return TextNode.valueOf(SafeText.clean(node.textValue()));
    if (node.isBigDecimal() || node.isDouble() || node.isFloat()) {
      BigDecimal value = node.decimalValue();
      int exponent = value.precision() - value.scale() - 1;
      return Math.abs(exponent) <= MAX_EXPONENT ? node : TextNode.valueOf(value.toString());
    }
    return node;
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String nonNull(String text) {
    return text == null ? "" : SafeText.clean(text);
  }
}
