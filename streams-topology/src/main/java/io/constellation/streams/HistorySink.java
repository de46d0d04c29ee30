package io.constellation.streams;

import io.constellation.history.HistoryException;
import io.constellation.history.TraceWriter;
import io.constellation.history.UnableToWriteHistoryException;
import io.constellation.schemas.avro.ExecutionResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of results through the {@link TraceWriter}, retrying a failing database with {@link Backoff} while
 * the stream thread waits, and keeps the sink's {@link Condition} for readiness.
 *
 * <p>Why the thread waits: a batch is written before the offsets that produced it are committed (see
 * {@link TraceBuffer}), so waiting here holds the commit back and nothing is lost; the task stays alive and resumes
 * where it was once the database answers. The producer's transaction timeout and {@code max.poll.interval.ms} are
 * raised above the outage limit ({@link StreamsSettings#blockingTimeout()}) so a wait within it neither fences the
 * producer nor loses the partitions.
 *
 * <p>Giving up: an outage is timed from the first failure after a success, across all threads. Once it passes the
 * limit the write throws, Kafka Streams' uncaught-exception handler replaces the stream thread (the process keeps
 * running), and the generation moves on: buffers of the abandoned generation then fail at once rather than wait
 * again while their task is closed, and the next generation's buffers get a fresh limit. Closing the app ends a wait
 * at once; the unwritten batch is read again by the next run, whose offsets were never committed.
 *
 * <p>Each change of condition is logged once (failing, recovered, gave up), never each retry.
 *
 * <p>Thread-safety: thread-safe; every stream thread's buffers share one sink.
 */
final class HistorySink {
  private static final Logger LOG = LoggerFactory.getLogger(HistorySink.class);

  /** Stores a batch: {@link TraceWriter#write}. */
  @FunctionalInterface
  interface BatchWriter {
    /**
     * @return executions newly stored
     * @throws HistoryException when the database fails; nothing of the batch is stored
     */
    int write(List<ExecutionResult> batch);
  }

  /** Waits between attempts; returns true when the app is closing (the wait then ends early). */
  @FunctionalInterface
  interface Pause {
    boolean sleep(Duration delay) throws InterruptedException;
  }

  /** The sink's condition; readiness reads it. */
  sealed interface Condition {
    /** Writes succeed (or none was needed yet). */
    record Up() implements Condition {}

    /** Writes have failed since {@code since}, {@code attempts} times; the sink keeps retrying. */
    record Failing(Instant since, int attempts, String reason) implements Condition {}

    /** The sink gave up at {@code at} after failing since {@code since}; the stream thread is being replaced. */
    record GaveUp(Instant since, Instant at, String reason) implements Condition {}
  }

  private static final Condition UP = new Condition.Up();

  private final BatchWriter writer;
  private final Duration outageLimit;
  private final InstantSource clock;
  private final Pause pause;
  private final StreamsAppMetrics metrics;
  private final AtomicReference<Condition> condition = new AtomicReference<>(UP);
  private final AtomicLong generation = new AtomicLong();

  HistorySink(BatchWriter writer, Duration outageLimit, InstantSource clock, Pause pause, StreamsAppMetrics metrics) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.outageLimit = Objects.requireNonNull(outageLimit, "outageLimit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The generation a new buffer writes under. */
  long generation() {
    return generation.get();
  }

  Condition condition() {
    return condition.get();
  }

  /**
   * Writes {@code batch}, retrying until it is stored, the outage passes the limit, or the app closes.
   *
   * @param bufferGeneration the {@link #generation()} the calling buffer was created in
   * @throws UnableToWriteHistoryException when giving up (limit passed, app closing, generation abandoned); nothing
   *     of the batch may be assumed stored
   */
  void write(List<ExecutionResult> batch, long bufferGeneration) {
    if (batch.isEmpty()) return;
    int attempt = 0;
    while (true) {
      if (bufferGeneration != generation.get()) {
        throw new UnableToWriteHistoryException("history writes of this stream thread were abandoned after an"
            + " outage; " + batch.size() + " traces are left to the thread that replaces it", null);
      }
      long started = System.nanoTime();
      HistoryException failure;
      try {
        int stored = writer.write(batch);
        metrics.batchWritten(batch.size(), stored, System.nanoTime() - started);
        recovered();
        return;
      } catch (HistoryException e) { // the database, not the data: TraceWriter cleans whatever a result holds
        failure = e;
      }
      attempt++;
      metrics.writeFailed();
      Instant now = clock.instant();
      Condition.Failing failing = failed(now, failure);
      Duration down = Duration.between(failing.since(), now);
      if (down.compareTo(outageLimit) >= 0) {
        throw giveUp(bufferGeneration, failing, now, batch.size(), failure);
      }
      boolean closing;
      try {
        closing = pause.sleep(Backoff.delay(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closing = true;
      }
      if (closing) {
        throw new UnableToWriteHistoryException("the streams app is closing while the history database fails; "
            + batch.size() + " traces are left to the next run (their offsets are not committed)", failure);
      }
    }
  }

  private Condition.Failing failed(Instant now, HistoryException failure) {
    String reason = failure.getMessage();
    while (true) {
      Condition current = condition.get();
      Condition.Failing next = switch (current) {
        case Condition.Up up -> new Condition.Failing(now, 1, reason);
        case Condition.Failing f -> new Condition.Failing(f.since(), f.attempts() + 1, reason);
        case Condition.GaveUp g -> new Condition.Failing(now, 1, reason); // a new generation: a fresh limit
      };
      if (condition.compareAndSet(current, next)) {
        if (!(current instanceof Condition.Failing)) {
          LOG.warn("history writes failing; retrying with backoff ({} to {}) for up to {} before the stream thread"
              + " is replaced: {}", SettingParsers.format(Backoff.FIRST), SettingParsers.format(Backoff.MAX),
              SettingParsers.format(outageLimit), reason);
        }
        return next;
      }
    }
  }

  private UnableToWriteHistoryException giveUp(long bufferGeneration, Condition.Failing failing, Instant now,
      int size, HistoryException failure) {
    generation.compareAndSet(bufferGeneration, bufferGeneration + 1);
    Condition gaveUp = new Condition.GaveUp(failing.since(), now, failing.reason());
    Condition previous = condition.getAndSet(gaveUp);
    if (!(previous instanceof Condition.GaveUp)) {
      LOG.error("history writes failed for {} ({} attempts); giving up: the stream thread is replaced and"
          + " retries from the last committed offsets", seconds(Duration.between(failing.since(), now)),
          failing.attempts());
    }
    return new UnableToWriteHistoryException("gave up writing " + size + " traces after the history database failed"
        + " for " + seconds(Duration.between(failing.since(), now)) + " (limit " + SettingParsers.format(outageLimit)
        + ")", failure);
  }

  private void recovered() {
    Condition previous = condition.getAndSet(UP);
    switch (previous) {
      case Condition.Up up -> { }
      case Condition.Failing f -> LOG.info("history writes recovered after {} ({} failed attempts)",
          seconds(Duration.between(f.since(), clock.instant())), f.attempts());
      case Condition.GaveUp g -> LOG.info("history writes recovered; failing since {}", g.since());
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
