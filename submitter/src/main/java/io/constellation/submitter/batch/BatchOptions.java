package io.constellation.submitter.batch;

import io.constellation.submitter.Requests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one batch runs: the pipeline {@code source}, the JSONL {@code input} file (one JSON object of inputs per
 * line) and the JSONL {@code output} file of results.
 *
 * @param source the pipeline source text
 * @param input the JSONL inputs file
 * @param output where results are written, one JSON object per line
 * @param node the worker node every execution is pinned to, or {@code null} for any worker
 * @param priority 0..100, the priority of every execution
 * @param maxInFlight at most this many executions submitted and not yet answered (1..100000)
 * @param resume skip the lines that already have a result in {@code output} and append to it; otherwise
 *     {@code output} is replaced
 * @param resultTimeout how long to wait for each result before counting the line as missing (a later
 *     {@code resume} submits it again, under the same execution id)
 * @param progressInterval how often the progress listener hears from the run
 * @param maxLineBytes longer input lines are reported as malformed
 * @param recoverWindow how far back the results topic is searched for answers to this batch's execution ids
 *     before anything is submitted (further when the output file shows an older submission)
 * @param cacheTtl the execution-cache TTL of every execution (see {@code Requests.cacheTtl}), or {@code null} for
 *     no execution cache
 */
public record BatchOptions(
    String source,
    Path input,
    Path output,
    String node,
    int priority,
    int maxInFlight,
    boolean resume,
    Duration resultTimeout,
    Duration progressInterval,
    int maxLineBytes,
    Duration recoverWindow,
    Duration cacheTtl) {

  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  public BatchOptions {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    if (node != null && node.isBlank()) throw new IllegalArgumentException("node must not be blank");
    if (priority < 0 || priority > 100) {
      throw new IllegalArgumentException("priority must be between 0 and 100, was " + priority);
    }
    if (maxInFlight < 1 || maxInFlight > 100_000) {
      throw new IllegalArgumentException("maxInFlight must be between 1 and 100000, was " + maxInFlight);
    }
    requirePositive(resultTimeout, "resultTimeout");
    requirePositive(progressInterval, "progressInterval");
    if (maxLineBytes < 2) throw new IllegalArgumentException("maxLineBytes must be >= 2, was " + maxLineBytes);
    requirePositive(recoverWindow, "recoverWindow");
    if (cacheTtl != null && (cacheTtl.compareTo(Requests.MAX_CACHE_TTL) > 0 || cacheTtl.toMillis() < 1)) {
      throw new IllegalArgumentException("cacheTtl must be from 1 ms to 365 days, was " + cacheTtl);
    }
  }

  /**
   * The defaults: any node, priority 50, 256 in flight, no resume, 5 min per result, progress every second, lines up
   * to 1 MiB, results of the last 24 h recovered, no execution cache.
   */
  public static BatchOptions of(String source, Path input, Path output) {
    return new BatchOptions(source, input, output, null, 50, DEFAULT_MAX_IN_FLIGHT, false, Duration.ofMinutes(5),
        Duration.ofSeconds(1), DEFAULT_MAX_LINE_BYTES, Duration.ofHours(24), null);
  }

  public BatchOptions withNode(String node) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  public BatchOptions withPriority(int priority) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  public BatchOptions withMaxInFlight(int maxInFlight) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  public BatchOptions withResume(boolean resume) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  public BatchOptions withResultTimeout(Duration resultTimeout) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  public BatchOptions withProgressInterval(Duration progressInterval) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  public BatchOptions withMaxLineBytes(int maxLineBytes) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  public BatchOptions withRecoverWindow(Duration recoverWindow) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  /** Every execution opts in to the execution cache with {@code cacheTtl}; {@code null} for none. */
  public BatchOptions withCacheTtl(Duration cacheTtl) {
    return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
        progressInterval, maxLineBytes, recoverWindow, cacheTtl);
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
