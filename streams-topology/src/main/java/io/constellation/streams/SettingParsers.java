package io.constellation.streams;

import io.constellation.schemas.Topics;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of {@link StreamsSettings}' values. Each throws an {@link IllegalArgumentException} whose message
 * completes the sentence "NAME ...", such as "must be 1..64"; the caller adds the name and the value.
 */
final class SettingParsers {
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}");
  // Kafka's own rule for application.id (it becomes part of topic names): [a-zA-Z0-9._-], with room for suffixes.
  private static final Pattern APPLICATION_ID = Pattern.compile("[a-zA-Z0-9._-]{1,150}");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|m|h|d)");
  private static final int MAX_QUOTED = 80;

  private SettingParsers() {}

  /** Runs {@code check}; rewrites its failure as "NAME must ..., was VALUE". */
  static void check(String name, Object value, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage() + ", was " + quote(String.valueOf(value)), e);
    }
  }

  static String hostPorts(String text) {
    for (String part : text.split(",", -1)) {
      if (!HOST_PORT.matcher(part.strip()).matches()) {
        throw new IllegalArgumentException("must be host:port[,host:port...]");
      }
    }
    return text;
  }

  static Topics topics(String text) {
    try {
      return new Topics(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be 1 to 200 of [a-zA-Z0-9._-]", e);
    }
  }

  static String applicationId(String text) {
    if (!APPLICATION_ID.matcher(text).matches()) {
      throw new IllegalArgumentException("must be 1 to 150 of [a-zA-Z0-9._-]");
    }
    return text;
  }

  static Path path(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("must be a directory path (" + e.getReason() + ")", e);
    }
  }

  static int integer(String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number " + min + ".." + max, e);
    }
    if (value < min || value > max) throw new IllegalArgumentException("must be " + min + ".." + max);
    return value;
  }

  static int replicationFactor(String text) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be -1 (broker default) or a whole number >= 1", e);
    }
    if (value != -1 && (value < 1 || value > Short.MAX_VALUE)) {
      throw new IllegalArgumentException("must be -1 (broker default) or a whole number >= 1");
    }
    return value;
  }

  /** {@code 200ms}, {@code 30s}, {@code 4min} (or {@code 4m}), {@code 24h}, {@code 7d}, or ISO-8601 {@code PT4M}. */
  static Duration duration(String text, Duration min, Duration max) {
    Duration value = parseDuration(text);
    within(value, min, max);
    return value;
  }

  static void within(Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("must be between " + format(min) + " and " + format(max));
    }
  }

  static String format(Duration d) {
    if (d.toMillis() % 86_400_000 == 0) return d.toDays() + "d";
    if (d.toMillis() % 3_600_000 == 0) return d.toHours() + "h";
    if (d.toMillis() % 60_000 == 0) return d.toMinutes() + "min";
    if (d.toMillis() % 1000 == 0) return d.toSeconds() + "s";
    return d.toMillis() + "ms";
  }

  /** A user value safe to quote in a message: bounded, control characters escaped, empty made visible. */
  static String quote(String text) {
    if (text.isEmpty()) return "'' (empty)";
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(text.length(), MAX_QUOTED);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
    }
    out.append('\'');
    if (text.length() > limit) out.append("... (").append(text.length()).append(" chars)");
    return out.toString();
  }

  private static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "min", "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be a duration like 200ms, 30s, 4min, 24h", e);
    }
  }
}
