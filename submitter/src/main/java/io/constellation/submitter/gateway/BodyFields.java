package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of a JSON request body's fields. Every wrong type or value is an {@link ApiError#BAD_REQUEST} naming
 * the field; a JSON null reads as absent; a field the endpoint does not know is refused (a typo such as
 * {@code "priorty"} must not be silently ignored).
 *
 * <p>Thread-safety: confined to the request's thread.
 */
final class BodyFields {
  private final ObjectNode body;

  private BodyFields(ObjectNode body) {
    this.body = body;
  }

  /** The fields of {@code body}, which may only hold the fields named in {@code allowed}. */
  static BodyFields of(ObjectNode body, Set<String> allowed) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiError.BAD_REQUEST.because("unknown field '" + Texts.shorten(name) + "'; this endpoint takes "
            + String.join(", ", new TreeSet<>(allowed)));
      }
    }
    return new BodyFields(body);
  }

  Optional<String> string(String name) {
    JsonNode node = present(name);
    if (node == null) return Optional.empty();
    if (!node.isTextual()) throw wrongType(name, "a string", node);
    return Optional.of(node.textValue());
  }

  String requiredString(String name) {
    String value = string(name).orElseThrow(() -> ApiError.BAD_REQUEST.because("field '" + name + "' is required"));
    if (value.isBlank()) throw ApiError.BAD_REQUEST.because("field '" + name + "' must not be blank");
    return value;
  }

  Optional<Integer> integer(String name, int min, int max) {
    JsonNode node = present(name);
    if (node == null) return Optional.empty();
    if (!node.isIntegralNumber()) throw wrongType(name, "an integer", node);
    if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
      throw ApiError.BAD_REQUEST.because("field '" + name + "' must be between " + min + " and " + max + ", was "
          + Texts.shorten(node.asText()));
    }
    return Optional.of(node.intValue());
  }

  boolean bool(String name) {
    JsonNode node = present(name);
    if (node == null) return false;
    if (!node.isBoolean()) throw wrongType(name, "true or false", node);
    return node.booleanValue();
  }

  Optional<ObjectNode> object(String name) {
    JsonNode node = present(name);
    if (node == null) return Optional.empty();
    if (!node.isObject()) throw wrongType(name, "an object", node);
    return Optional.of((ObjectNode) node);
  }

  /** A string, or an array of strings; each at most {@code maxItems}. */
  List<String> strings(String name, int maxItems) {
    JsonNode node = present(name);
    List<String> values = new ArrayList<>();
    if (node == null) return values;
    if (node.isTextual()) {
      values.add(node.textValue());
      return values;
    }
    if (!node.isArray()) throw wrongType(name, "a string or an array of strings", node);
    if (node.size() > maxItems) {
      throw ApiError.BAD_REQUEST.because("field '" + name + "' must hold at most " + maxItems + " items, had "
          + node.size());
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) throw wrongType(name + "[]", "a string", item);
      values.add(item.textValue());
    }
    return values;
  }

  private JsonNode present(String name) {
    JsonNode node = body.get(name);
    return node == null || node.isNull() ? null : node;
  }

  private static UnableToServeException wrongType(String name, String expected, JsonNode actual) {
    return ApiError.BAD_REQUEST.because("field '" + name + "' must be " + expected + ", was "
        + GatewayJson.describe(actual));
  }
}
