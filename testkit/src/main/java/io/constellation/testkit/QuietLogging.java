package io.constellation.testkit;

import java.util.Map;

/**
 * Keeps the embedded services' logs at WARN when the caller uses slf4j-simple and has not chosen a level.
 *
 * <p>The in-process broker logs hundreds of INFO lines per start; slf4j-simple reads
 * {@code org.slf4j.simpleLogger.log.<name>} when a logger is created, so setting the properties before the
 * broker's classes load is enough. A value the caller set (on the command line or earlier) is left alone, and
 * other bindings (logback, log4j) ignore these properties.
 */
final class QuietLogging {

  private static final String PREFIX = "org.slf4j.simpleLogger.log.";
  private static final Map<String, String> LEVELS = Map.of(
      "kafka", "warn",
      "org.apache.kafka", "warn",
      "state.change.logger", "warn",
      "io.zonky", "warn",
      "redis.embedded", "warn",
      "org.testcontainers", "warn",
      "tc", "warn",
      "com.github.dockerjava", "warn");

  private QuietLogging() {}

  static void apply() {
    LEVELS.forEach((logger, level) -> {
      if (System.getProperty(PREFIX + logger) == null) {
        System.setProperty(PREFIX + logger, level);
      }
    });
  }
}
