package io.constellation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed reads of the fields of a JSON object, each failure naming the field and what it should have been.
 * A field holding JSON null is treated as absent.
 */
final class JsonFields {
  private JsonFields() {}

  static JsonNode field(JsonNode object, String name) {
    JsonNode value = object.get(name);
    return value == null || value.isNull() ? null : value;
  }

  static String requiredText(JsonNode object, String name) throws DecodeFailure {
    String value = optionalText(object, name);
    if (value == null) throw new DecodeFailure("field '" + name + "' is required");
    return value;
  }

  /** The string value, or null when absent. */
  static String optionalText(JsonNode object, String name) throws DecodeFailure {
    JsonNode value = field(object, name);
    if (value == null) return null;
    if (!value.isTextual()) throw new DecodeFailure("field '" + name + "' must be a string, was " + kind(value));
    return value.textValue();
  }

  static JsonNode requiredObject(JsonNode object, String name) throws DecodeFailure {
    JsonNode value = field(object, name);
    if (value == null) throw new DecodeFailure("field '" + name + "' is required");
    if (!value.isObject()) throw new DecodeFailure("field '" + name + "' must be a JSON object, was " + kind(value));
    return value;
  }

  static int integer(JsonNode object, String name, int fallback, int min, int max) throws DecodeFailure {
    JsonNode value = field(object, name);
    if (value == null) return fallback;
    String range = max == Integer.MAX_VALUE ? ">= " + min : "from " + min + " to " + max;
    if (!value.isNumber() || !(value.isIntegralNumber() || value.canConvertToExactIntegral())) {
      throw new DecodeFailure("field '" + name + "' must be an integer " + range + ", was " + kind(value));
    }
    if (!value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
      throw new DecodeFailure("field '" + name + "' must be an integer " + range + ", was " + abbreviate(value.asText()));
    }
    return value.intValue();
  }

  static long requiredLong(JsonNode object, String name) throws DecodeFailure {
    JsonNode value = field(object, name);
    if (value == null) throw new DecodeFailure("field '" + name + "' is required");
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new DecodeFailure("field '" + name + "' must be an integer, was " + kind(value));
    }
    return value.longValue();
  }

  static boolean bool(JsonNode object, String name, boolean fallback) throws DecodeFailure {
    JsonNode value = field(object, name);
    if (value == null) return fallback;
    if (!value.isBoolean()) throw new DecodeFailure("field '" + name + "' must be true or false, was " + kind(value));
    return value.booleanValue();
  }

  /** An ISO-8601 instant string or epoch milliseconds; null when absent. */
  static Instant instant(JsonNode object, String name) throws DecodeFailure {
    JsonNode value = field(object, name);
    if (value == null) return null;
    Instant instant;
    if (value.isTextual()) {
      try {
        instant = Instant.parse(value.textValue().strip());
      } catch (DateTimeException e) {
        throw new DecodeFailure("field '" + name + "' must be an ISO-8601 instant like 2025-01-31T12:00:00Z,"
            + " was '" + abbreviate(value.textValue()) + "'");
      }
    } else if (value.isIntegralNumber() && value.canConvertToLong()) {
      try {
        instant = Instant.ofEpochMilli(value.longValue());
      } catch (DateTimeException e) {
        throw new DecodeFailure("field '" + name + "' is out of range: " + value.asText());
      }
    } else {
      throw new DecodeFailure("field '" + name + "' must be an ISO-8601 string or epoch milliseconds, was " + kind(value));
    }
    return checkMillisRange(instant, name);
  }

  /**
   * A duration in milliseconds, from an integer (milliseconds) or a string such as {@code 500ms}, {@code 30s},
   * {@code 5min}, {@code 2h}, {@code 7d}; null when absent. The range is checked by the caller.
   */
  static Long durationMillis(JsonNode object, String name) throws DecodeFailure {
    JsonNode value = field(object, name);
    if (value == null) return null;
    if (value.isIntegralNumber() || (value.isNumber() && value.canConvertToExactIntegral())) {
      if (!value.canConvertToLong()) throw new DecodeFailure("field '" + name + "' is out of range: " + abbreviate(value.asText()));
      return value.longValue();
    }
    if (!value.isTextual()) {
      throw new DecodeFailure("field '" + name + "' must be milliseconds or a duration string like 5min, was " + kind(value));
    }
    java.util.Optional<java.time.Duration> duration = DurationSyntax.parse(value.textValue());
    if (duration.isEmpty()) {
      throw new DecodeFailure("field '" + name + "' must be milliseconds or a duration such as "
          + DurationSyntax.EXAMPLES + ", was '" + abbreviate(value.textValue()) + "'");
    }
    try {
      return duration.get().toMillis();
    } catch (ArithmeticException e) {
      throw new DecodeFailure("field '" + name + "' is out of range: " + abbreviate(value.textValue()));
    }
  }

  static Instant requiredInstant(JsonNode object, String name) throws DecodeFailure {
    Instant value = instant(object, name);
    if (value == null) throw new DecodeFailure("field '" + name + "' is required");
    return value;
  }

  /** Avro stores instants as epoch milliseconds in a long, which covers less than {@link Instant}'s range. */
  static Instant checkMillisRange(Instant instant, String name) throws DecodeFailure {
    try {
      instant.toEpochMilli();
      return instant;
    } catch (ArithmeticException e) {
      throw new DecodeFailure("field '" + name + "' is out of range: " + instant);
    }
  }

  /** An object whose values are all strings; empty when absent. */
  static Map<String, String> stringMap(JsonNode object, String name) throws DecodeFailure {
    JsonNode value = field(object, name);
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) return out;
    if (!value.isObject()) throw new DecodeFailure("field '" + name + "' must be a JSON object of strings, was " + kind(value));
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new DecodeFailure("field '" + name + "." + abbreviate(entry.getKey()) + "' must be a string, was "
            + kind(entry.getValue()));
      }
      out.put(entry.getKey(), entry.getValue().textValue());
    }
    return out;
  }

  /** "an array", "a number", ... for messages. */
  static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case BINARY -> "binary";
      case NULL, MISSING -> "null";
    };
  }

  static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
