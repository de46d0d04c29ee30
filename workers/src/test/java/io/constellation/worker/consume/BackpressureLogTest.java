package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

final class BackpressureLogTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final RecordingLogger logger = new RecordingLogger();
  private final BackpressureLog log = new BackpressureLog(logger, "node-a");

  @Test
  void firstPauseAndItsResume_areInfo() {
    log.paused(64, 5 * SECOND);
    log.resumed(32);

    assertThat(logger.lines).containsExactly(
        "INFO worker node-a: 64 queued, pausing fetches",
        "INFO worker node-a: queue drained to 32, resuming fetches");
  }

  @Test
  void oscillation_isInfoOncePerIntervalWithTheCountOfTheOthers() {
    log.paused(64, 0);
    log.resumed(32);
    for (int i = 1; i <= 3; i++) {
      log.paused(64, i * SECOND);
      log.resumed(32);
    }
    log.paused(70, 12 * SECOND);
    log.resumed(30);

    assertThat(logger.lines).containsExactly(
        "INFO worker node-a: 64 queued, pausing fetches",
        "INFO worker node-a: queue drained to 32, resuming fetches",
        "DEBUG worker node-a: 64 queued, pausing fetches",
        "DEBUG worker node-a: queue drained to 32, resuming fetches",
        "DEBUG worker node-a: 64 queued, pausing fetches",
        "DEBUG worker node-a: queue drained to 32, resuming fetches",
        "DEBUG worker node-a: 64 queued, pausing fetches",
        "DEBUG worker node-a: queue drained to 32, resuming fetches",
        "INFO worker node-a: 70 queued, pausing fetches (paused 3 more times in the last 12 s, logged at DEBUG)",
        "INFO worker node-a: queue drained to 30, resuming fetches");
  }

  @Test
  void pauseAfterAQuietInterval_isInfoWithoutACount() {
    log.paused(64, 0);
    log.resumed(32);
    log.paused(64, BackpressureLog.INTERVAL.toNanos());

    assertThat(logger.lines).last().isEqualTo("INFO worker node-a: 64 queued, pausing fetches");
  }

  /** Keeps every line at INFO and DEBUG as "LEVEL message". */
  private static final class RecordingLogger extends LegacyAbstractLogger {
    final List<String> lines = new ArrayList<>();

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
        Throwable throwable) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
