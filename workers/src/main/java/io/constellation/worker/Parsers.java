package io.constellation.worker;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsers and validators of the settings table. Each failure message completes the sentence "NAME ...", and
 * {@link Setting} appends the offending value.
 */
final class Parsers {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|sec|m|min|h)");
  private static final Pattern BYTES = Pattern.compile("(\\d{1,12})\\s*(|b|kib|kb|k|mib|mb|m)");
  /** Node ids are record keys, header values and metric labels: keep them short and plain. */
  static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** Kafka's legal topic characters; the longest derived topic must stay within Kafka's 249. */
  static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private Parsers() {}

  static Setting.Parser<Integer> integer(int min, int max) {
    return text -> {
      int value;
      try {
        value = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be an integer");
      }
      return checkRange(value, min, max);
    };
  }

  static Setting.Parser<Boolean> bool() {
    return text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  /** Durations are written {@code 30s}, {@code 100ms}, {@code 5min}, {@code 2h}, or ISO-8601 ({@code PT30S}). */
  static Setting.Parser<Duration> duration(Duration min, Duration max) {
    return text -> {
      Duration value = parseDuration(text);
      if (value.compareTo(min) < 0) {
        throw new IllegalArgumentException("must be >= " + format(min));
      }
      if (value.compareTo(max) > 0) {
        throw new IllegalArgumentException("must be <= " + format(max));
      }
      return value;
    };
  }

  /** Byte sizes are a plain number of bytes or carry a unit: {@code 512KiB}, {@code 1MiB}. */
  static Setting.Parser<Integer> bytes(int min, int max) {
    return text -> {
      Matcher m = BYTES.matcher(text.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException("must be a size in bytes such as 1048576, 512KiB or 1MiB");
      }
      long unit = switch (m.group(2)) {
        case "", "b" -> 1L;
        case "kib", "kb", "k" -> 1024L;
        default -> 1024L * 1024L;
      };
      long value = Long.parseLong(m.group(1)) * unit;
      if (value > max) {
        throw new IllegalArgumentException("must be <= " + max + " bytes");
      }
      return checkRange((int) value, min, max);
    };
  }

  static Setting.Parser<String> nodeId() {
    return text -> {
      if (!NODE_ID.matcher(text).matches()) {
        throw new IllegalArgumentException(
            "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      return text;
    };
  }

  static Setting.Parser<String> topicPrefix() {
    return text -> {
      if (!TOPIC_PREFIX.matcher(text).matches()) {
        throw new IllegalArgumentException("must be 1 to 200 letters, digits, '.', '_' or '-'");
      }
      return text;
    };
  }

  /** A comma-separated list of {@code host:port}. */
  static Setting.Parser<String> hostPorts() {
    return text -> {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("must be a comma-separated list of host:port");
      }
      for (String entry : text.split(",", -1)) {
        checkHostPort(entry.strip());
      }
      return text;
    };
  }

  private static void checkHostPort(String entry) {
    int colon = entry.lastIndexOf(':');
    if (colon <= 0 || colon == entry.length() - 1 || entry.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("must be a comma-separated list of host:port");
    }
    try {
      int port = Integer.parseInt(entry.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("must have ports between 1 and 65535");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a comma-separated list of host:port");
    }
  }

  static Duration parseDuration(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("pt") || lower.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("must be a duration such as 30s, 100ms or 5min");
      }
    }
    Matcher m = DURATION.matcher(lower);
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a duration such as 30s, 100ms or 5min");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s", "sec" -> Duration.ofSeconds(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** The short form used in messages and {@code --help}: 30s, 100ms, 5min. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0 && millis != 0) {
      return millis / 60_000 + "min";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  private static int checkRange(int value, int min, int max) {
    if (value < min) {
      throw new IllegalArgumentException("must be >= " + min);
    }
    if (value > max) {
      throw new IllegalArgumentException("must be <= " + max);
    }
    return value;
  }
}
