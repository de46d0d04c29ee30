package io.constellation.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class LoggingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static LoggingEvent event(LoggerContext context, String message, Throwable error, Map<String, String> mdc) {
    Logger logger = context.getLogger("io.constellation.worker.Test");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, error, null);
    event.setMDCPropertyMap(mdc);
    return event;
  }

  private static JsonNode encode(LoggingEvent event) throws Exception {
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.start();
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
    return MAPPER.readTree(line);
  }

  @Test
  void jsonLine_carriesTheFixedFieldsAndTheMdcAsTopLevelFields() throws Exception {
    LoggerContext context = new LoggerContext();
    JsonNode line = encode(event(context, "execution failed", null,
        Map.of("executionId", "e-1", "nodeId", "node-a", "pipeline", "order-pricing")));

    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("logger").asText()).isEqualTo("io.constellation.worker.Test");
    assertThat(line.get("message").asText()).isEqualTo("execution failed");
    assertThat(line.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.get("executionId").asText()).isEqualTo("e-1");
    assertThat(line.get("nodeId").asText()).isEqualTo("node-a");
    assertThat(line.get("pipeline").asText()).isEqualTo("order-pricing");
    assertThat(line.has("error")).isFalse();
  }

  @Test
  void jsonLine_hostileMessageAndStackTrace_stayOneValidLine() throws Exception {
    LoggerContext context = new LoggerContext();
    String hostile = "line1\nline2\t\"quoted\" \\ \u0000 \u2028 }{";
    JsonNode line = encode(event(context, hostile, new IllegalStateException("boom"), Map.of("message", "shadow")));

    assertThat(line.get("message").asText()).isEqualTo(hostile);
    assertThat(line.get("error").asText()).contains("IllegalStateException: boom").contains("at ");
    assertThat(line.get("mdc.message").asText()).isEqualTo("shadow");
  }

  @Test
  void setup_jsonFormat_usesTheJsonEncoder_andKeepsClientLibrariesAtWarn() {
    LoggerContext context = new LoggerContext();
    LogSetup.apply(context, Map.of("CONSTELLATION_LOG_FORMAT", "JSON"));

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(((ConsoleAppender<?>) root.getAppender("console")).getEncoder()).isInstanceOf(JsonLineEncoder.class);
    assertThat(context.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.redisson").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void setup_debugLevel_letsClientLibrariesSpeak() {
    LoggerContext context = new LoggerContext();
    LogSetup.apply(context, Map.of("CONSTELLATION_LOG_LEVEL", "debug"));

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void setup_badValues_fallBackToTextAndInfo() {
    LoggerContext context = new LoggerContext();
    LogSetup.apply(context, Map.of("CONSTELLATION_LOG_FORMAT", "xml'; rm -rf /", "CONSTELLATION_LOG_LEVEL", "loud"));

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(((ConsoleAppender<?>) root.getAppender("console")).getEncoder())
        .isNotInstanceOf(JsonLineEncoder.class);
  }
}
