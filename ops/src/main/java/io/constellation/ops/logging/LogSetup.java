package io.constellation.ops.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configures Logback for every {@code constellation} command, found by Logback through {@code ServiceLoader}: one
 * console appender on stderr (stdout is the commands' output), as text or, with
 * {@code CONSTELLATION_LOG_FORMAT=json}, one JSON object per line ({@link JsonLineEncoder}) carrying the MDC
 * (executionId, nodeId, pipeline) for log shippers. {@code CONSTELLATION_LOG_LEVEL} sets the level (default info).
 * The Kafka (clients and the embedded broker), Redisson, Netty, HikariCP, Flyway and embedded PostgreSQL libraries
 * log every configuration value, connection and migration at INFO, which would bury the commands' own lines, so they
 * stay at WARN unless the level asked for is debug or trace.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  public static final String FORMAT_VARIABLE = "CONSTELLATION_LOG_FORMAT";
  public static final String LEVEL_VARIABLE = "CONSTELLATION_LOG_LEVEL";
  static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0}%replace( %mdc){' $', ''} - %msg%n";
  private static final List<String> CHATTY_LIBRARIES = List.of("org.apache.kafka", "kafka", "state.change.logger",
      "org.redisson", "io.netty", "com.zaxxer.hikari", "org.flywaydb", "io.zonky");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    apply(context, System.getenv());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Replaces the configuration of {@code context} with the one {@code env} asks for. */
  public static void apply(LoggerContext context, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    boolean json = switch (normalized(env.get(FORMAT_VARIABLE), "text")) {
      case "text" -> false;
      case "json" -> true;
      default -> {
        problems.add(FORMAT_VARIABLE + " must be text or json, was '" + env.get(FORMAT_VARIABLE) + "'; using text");
        yield false;
      }
    };
    Level level = Level.toLevel(normalized(env.get(LEVEL_VARIABLE), "info"), null);
    if (level == null) {
      problems.add(LEVEL_VARIABLE + " must be one of trace, debug, info, warn, error, off, was '"
          + env.get(LEVEL_VARIABLE) + "'; using info");
      level = Level.INFO;
    }

    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
    console.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(console);
    Level libraries = level.isGreaterOrEqual(Level.INFO) ? Level.WARN : level;
    for (String library : CHATTY_LIBRARIES) context.getLogger(library).setLevel(libraries);
    problems.forEach(problem -> context.getLogger(LogSetup.class).warn(problem));
  }

  private static String normalized(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip().toLowerCase(Locale.ROOT);
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }
}
