package io.constellation.ops.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * One log event as one line of JSON: {@code ts} (ISO-8601), {@code level}, {@code logger}, {@code thread},
 * {@code message}, then every MDC entry as a top-level field (executionId, nodeId, pipeline where set), then
 * {@code error} with the stack trace when there is one. Newlines in messages are escaped by JSON, so a line is
 * always exactly one event. MDC keys that would shadow a fixed field are written with an {@code mdc.} prefix.
 *
 * <p>Thread-safety: safe; Logback calls it under the appender's lock, and each call uses its own buffer.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final Set<String> FIXED_FIELDS = Set.of("ts", "level", "logger", "thread", "message", "error");
  private static final byte[] NOTHING = new byte[0];

  private final JsonFactory json = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    try (JsonGenerator out = json.createGenerator(line)) {
      out.writeStartObject();
      out.writeStringField("ts", event.getInstant().toString());
      out.writeStringField("level", event.getLevel().toString());
      out.writeStringField("logger", event.getLoggerName());
      out.writeStringField("thread", event.getThreadName());
      out.writeStringField("message", event.getFormattedMessage());
      for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
        String key = FIXED_FIELDS.contains(entry.getKey()) ? "mdc." + entry.getKey() : entry.getKey();
        out.writeStringField(key, entry.getValue());
      }
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) out.writeStringField("error", ThrowableProxyUtil.asString(error));
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    line.write('\n');
    return line.toByteArray();
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }
}
