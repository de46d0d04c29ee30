package io.constellation.streams;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Counters of the streams app, in a Dropwizard {@link MetricRegistry} (for a {@code /metrics} endpoint) and as plain
 * getters (for tests and benchmarks). Names: {@code streams.results.decoded}, {@code streams.results.undecodable},
 * {@code streams.history.stored} (executions newly stored), {@code streams.history.written} (results handed to the
 * writer, duplicates included), {@code streams.history.failures} (failed write attempts), timer
 * {@code streams.history.write} (successful batch writes), {@code streams.threads.replaced}.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class StreamsAppMetrics {
  private final MetricRegistry registry = new MetricRegistry();
  private final Counter decoded = registry.counter("streams.results.decoded");
  private final Counter undecodable = registry.counter("streams.results.undecodable");
  private final Counter stored = registry.counter("streams.history.stored");
  private final Counter written = registry.counter("streams.history.written");
  private final Counter failures = registry.counter("streams.history.failures");
  private final Timer writes = registry.timer("streams.history.write");
  private final Counter threadsReplaced = registry.counter("streams.threads.replaced");

  /** The registry holding every metric above. */
  public MetricRegistry registry() {
    return registry;
  }

  /** Result records decoded since start. */
  public long decoded() {
    return decoded.getCount();
  }

  /** Records of the results topic skipped because they could not be decoded. */
  public long undecodable() {
    return undecodable.getCount();
  }

  /** Executions newly stored in the history (not counting ones already there). */
  public long stored() {
    return stored.getCount();
  }

  /** Results written to the history in successful batches, duplicates and re-deliveries included. */
  public long written() {
    return written.getCount();
  }

  /** Failed attempts to write a batch. */
  public long writeFailures() {
    return failures.getCount();
  }

  /** Successful batch writes. */
  public long batches() {
    return writes.getCount();
  }

  /** Stream threads that failed and were replaced (a history outage past its limit, or a bug). */
  public long threadsReplaced() {
    return threadsReplaced.getCount();
  }

  void threadReplaced() {
    threadsReplaced.inc();
  }

  void decodedOne() {
    decoded.inc();
  }

  long undecodableOne() {
    undecodable.inc();
    return undecodable.getCount();
  }

  void batchWritten(int results, int newlyStored, long nanos) {
    written.inc(results);
    stored.inc(newlyStored);
    writes.update(nanos, TimeUnit.NANOSECONDS);
  }

  void writeFailed() {
    failures.inc();
  }
}
