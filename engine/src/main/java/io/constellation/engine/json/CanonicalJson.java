package io.constellation.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON (LANGUAGE.md 11.1): no insignificant whitespace, object keys in code-point order, minimal
 * string escapes, {@code Double.toString} floats; and the SHA-256 hashes taken over it.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** Appends {@code value} as a canonical JSON string literal. */
  public static StringBuilder appendString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || isUnpairedSurrogate(value, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  private static boolean isUnpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  public static String string(String value) {
    return appendString(new StringBuilder(value.length() + 2), value).toString();
  }

  /** A finite double in {@code Double.toString} form ({@code 1.0}, {@code 1.0E21}). */
  public static String number(double value) {
    if (!Double.isFinite(value)) throw new IllegalArgumentException("not a finite number: " + value);
    return Double.toString(value);
  }

  /** Writes a Jackson tree canonically: keys sorted by code point, integers exact, other numbers as doubles. */
  public static String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(out, node);
    return out.toString();
  }

  public static void append(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case NULL, MISSING -> out.append("null");
      case BOOLEAN -> out.append(node.booleanValue());
      case STRING -> appendString(out, node.textValue());
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          out.append(node.bigIntegerValue());
        } else {
          out.append(number(node.doubleValue()));
        }
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) out.append(',');
          append(out, node.get(i));
        }
        out.append(']');
      }
      case OBJECT -> {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) keys.add(it.next());
        keys.sort(CanonicalJson::compareCodePoints);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
          if (i > 0) out.append(',');
          appendString(out, keys.get(i)).append(':');
          append(out, node.get(keys.get(i)));
        }
        out.append('}');
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  /** Writes a map of already-canonical JSON texts as an object with keys in code-point order. */
  public static String object(Map<String, String> canonicalValues) {
    List<String> keys = new ArrayList<>(canonicalValues.keySet());
    keys.sort(CanonicalJson::compareCodePoints);
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) out.append(',');
      appendString(out, keys.get(i)).append(':').append(canonicalValues.get(keys.get(i)));
    }
    return out.append('}').toString();
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Compares strings by Unicode code point. */
  public static int compareCodePoints(String a, String b) {
    return io.constellation.engine.types.Type.compareCodePoints(a, b);
  }
}
