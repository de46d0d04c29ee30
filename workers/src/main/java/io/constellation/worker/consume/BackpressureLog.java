package io.constellation.worker.consume;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs backpressure pauses and resumes at INFO at most once per {@link #INTERVAL}, the others at DEBUG: a queue
 * that oscillates around the water marks would otherwise write two lines per cycle from the poll thread. The next
 * INFO pause line says how many pauses went to DEBUG meanwhile; a resume is logged at the level of its pause, so
 * INFO lines come in pairs. The {@code paused} view and metric show every change.
 *
 * <p>Thread-safety: none; confined to the poll thread.
 */
final class BackpressureLog {
  static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final long INTERVAL_NANOS = INTERVAL.toNanos();

  private final Logger log;
  private final String nodeId;
  private boolean loggedAny;
  private long lastInfoNanos;
  private int debugPauses; // pauses since the last INFO pause line
  private boolean pauseAtInfo;

  BackpressureLog(Logger log, String nodeId) {
    this.log = log;
    this.nodeId = nodeId;
  }

  /** Fetching was paused with {@code queued} executions waiting, at {@code nowNanos} ({@link System#nanoTime}). */
  void paused(int queued, long nowNanos) {
    pauseAtInfo = !loggedAny || nowNanos - lastInfoNanos >= INTERVAL_NANOS;
    if (!pauseAtInfo) {
      debugPauses++;
      if (log.isDebugEnabled()) log.debug("worker {}: {} queued, pausing fetches", nodeId, queued);
      return;
    }
    if (debugPauses == 0) {
      log.info("worker {}: {} queued, pausing fetches", nodeId, queued);
    } else {
      log.info("worker {}: {} queued, pausing fetches (paused {} more times in the last {} s, logged at DEBUG)",
          nodeId, queued, debugPauses, TimeUnit.NANOSECONDS.toSeconds(nowNanos - lastInfoNanos));
    }
    loggedAny = true;
    lastInfoNanos = nowNanos;
    debugPauses = 0;
  }

  /** Fetching was resumed with {@code queued} executions waiting. */
  void resumed(int queued) {
    if (pauseAtInfo) {
      log.info("worker {}: queue drained to {}, resuming fetches", nodeId, queued);
    } else if (log.isDebugEnabled()) {
      log.debug("worker {}: queue drained to {}, resuming fetches", nodeId, queued);
    }
  }
}
