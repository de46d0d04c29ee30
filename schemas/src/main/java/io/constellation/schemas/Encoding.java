package io.constellation.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * How a record value is encoded, as named by the {@link RecordHeaders#CONTENT_TYPE} header.
 *
 * <p>Without the header a value is Avro single-object encoding, unless its first non-blank byte is <code>{</code>
 * (an Avro single-object payload always starts with {@code 0xC3}), in which case it is read as JSON: any Kafka
 * client can then produce a job without setting headers.
 */
public enum Encoding {
  /** Avro single-object encoding: {@code C3 01}, 8-byte little-endian schema fingerprint, binary body. */
  AVRO("application/avro"),
  /** The documented JSON form (see {@code JSON-FORMAT.md}), UTF-8. */
  JSON("application/json");

  private final String contentType;

  Encoding(String contentType) {
    this.contentType = contentType;
  }

  /** The content-type header value written for this encoding. */
  public String contentType() {
    return contentType;
  }

  /** A {@code content-type} header for this encoding, to add to a produced record. */
  public Header header() {
    return new RecordHeader(RecordHeaders.CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The encoding a content type names, ignoring case and parameters ({@code application/json; charset=utf-8}).
   * Accepts {@code application/json}, {@code text/json}, {@code application/*+json}, {@code application/avro},
   * {@code avro/binary} and {@code application/*+avro}; anything else is empty.
   */
  public static Optional<Encoding> fromContentType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || type.equals("text/json")
        || (type.startsWith("application/") && type.endsWith("+json"))) {
      return Optional.of(JSON);
    }
    if (type.equals("application/avro") || type.equals("avro/binary")
        || (type.startsWith("application/") && type.endsWith("+avro"))) {
      return Optional.of(AVRO);
    }
    return Optional.empty();
  }

  /**
   * The encoding of a record value: from its last {@code content-type} header, else sniffed (JSON when the first
   * non-blank byte, after an optional UTF-8 byte order mark, is <code>{</code>; Avro otherwise).
   *
   * @param headers the record's headers, may be null
   * @param value the record value, may be null
   * @throws IllegalArgumentException if the header names a content type that is neither JSON nor Avro
   */
  public static Encoding detect(Headers headers, byte[] value) {
    Header header = headers == null ? null : headers.lastHeader(RecordHeaders.CONTENT_TYPE);
    if (header != null && header.value() != null) {
      String contentType = new String(header.value(), StandardCharsets.UTF_8);
      return fromContentType(contentType).orElseThrow(() -> new IllegalArgumentException(
          "unsupported content-type '" + printable(contentType) + "'; use application/json or application/avro"));
    }
    return looksLikeJson(value) ? JSON : AVRO;
  }

  private static boolean looksLikeJson(byte[] value) {
    if (value == null) return false;
    int i = 0;
    if (value.length >= 3 && (value[0] & 0xFF) == 0xEF && (value[1] & 0xFF) == 0xBB && (value[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n' || value[i] == '\r')) i++;
    return i < value.length && value[i] == '{';
  }

  /** A header value safe to put in a message: at most 64 characters, control characters replaced. */
  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
