package io.constellation.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the environment overrides: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code REDIS_URL},
 * {@code POSTGRES_URL} (+ {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}) and
 * {@code CONSTELLATION_TESTKIT_DOCKER} ({@code auto}, the default, or {@code off}).
 *
 * <p>A blank value counts as unset ({@code KAFKA_BOOTSTRAP_SERVERS=} in a shell). A malformed value fails at
 * once with an {@link IllegalArgumentException} naming the variable and the value, rather than later as an
 * obscure connection error.
 */
final class EnvironmentSettings {

  static final String KAFKA = "KAFKA_BOOTSTRAP_SERVERS";
  static final String REDIS = "REDIS_URL";
  static final String POSTGRES = "POSTGRES_URL";
  static final String POSTGRES_USER = "POSTGRES_USER";
  static final String POSTGRES_PASSWORD = "POSTGRES_PASSWORD";
  static final String DOCKER = "CONSTELLATION_TESTKIT_DOCKER";

  private static final int MAX_LENGTH = 2048;

  private final Map<String, String> env;

  EnvironmentSettings(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The bootstrap servers of an external Kafka, validated as {@code host:port[,host:port...]}. */
  Optional<String> kafkaBootstrapServers() {
    return value(KAFKA).map(raw -> {
      for (String server : raw.split(",", -1)) {
        String s = server.strip();
        int colon = s.lastIndexOf(':');
        if (s.isEmpty() || colon <= 0 || colon == s.length() - 1) {
          throw invalid(KAFKA, raw, "expected host:port[,host:port...], e.g. 127.0.0.1:9092");
        }
        parsePort(KAFKA, raw, s.substring(colon + 1));
      }
      return raw.strip();
    });
  }

  /** The URL of an external Redis, validated as {@code redis://} or {@code rediss://} with a host. */
  Optional<String> redisUrl() {
    return value(REDIS).map(raw -> {
      URI uri;
      try {
        uri = new URI(raw.strip());
      } catch (URISyntaxException e) {
        throw invalid(REDIS, raw, "not a URI (" + e.getReason() + "); expected redis://host:port");
      }
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
        throw invalid(REDIS, raw, "the scheme must be redis:// or rediss://");
      }
      if (uri.getHost() == null) {
        throw invalid(REDIS, raw, "no host; expected redis://host:port");
      }
      return raw.strip();
    });
  }

  /** The JDBC URL of an external PostgreSQL, validated as {@code jdbc:postgresql://...}. */
  Optional<String> postgresUrl() {
    return value(POSTGRES).map(raw -> {
      String url = raw.strip();
      if (!url.startsWith("jdbc:postgresql://") || url.length() == "jdbc:postgresql://".length()) {
        throw invalid(POSTGRES, raw, "expected jdbc:postgresql://host:port/database");
      }
      return url;
    });
  }

  /** {@code POSTGRES_USER}, default {@code postgres}. */
  String postgresUser() {
    return value(POSTGRES_USER).map(String::strip).orElse("postgres");
  }

  /** {@code POSTGRES_PASSWORD} as given (not stripped: spaces may be part of it), default empty. */
  String postgresPassword() {
    String raw = env.get(POSTGRES_PASSWORD);
    if (raw != null && raw.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(POSTGRES_PASSWORD + " is longer than " + MAX_LENGTH + " characters");
    }
    return raw == null ? "" : raw;
  }

  /** False when {@code CONSTELLATION_TESTKIT_DOCKER=off}: never try Testcontainers. */
  boolean dockerAllowed() {
    return value(DOCKER).map(raw -> switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "auto", "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw invalid(DOCKER, raw, "expected auto or off");
    }).orElse(true);
  }

  private Optional<String> value(String name) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    if (raw.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_LENGTH + " characters (" + raw.length()
          + "): not an address");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw invalid(name, raw, "it contains a control character at index " + i);
      }
    }
    return Optional.of(raw);
  }

  private static void parsePort(String name, String raw, String port) {
    int value;
    try {
      value = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "port '" + port + "' is not a number");
    }
    if (value < 1 || value > 65_535) {
      throw invalid(name, raw, "port " + value + " is outside 1..65535");
    }
  }

  private static IllegalArgumentException invalid(String name, String raw, String why) {
    return new IllegalArgumentException(name + " is invalid: " + why + ", was '" + printable(raw) + "'");
  }

  /** The value with control characters escaped, so a hostile value cannot forge log lines. */
  private static String printable(String raw) {
    StringBuilder out = new StringBuilder();
    raw.codePoints().limit(200).forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return raw.length() > 200 ? out + "..." : out.toString();
  }
}
