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
 * @param pipeline the name the history and statistics file the executions under (metadata {@code pipeline}), or
 *     {@code null} to leave them named by their hash
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
    Duration cacheTtl,
    String pipeline) {

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
    if (pipeline != null && pipeline.isBlank()) throw new IllegalArgumentException("pipeline must not be blank");
  }

  /**
   * The defaults: any node, priority 50, 256 in flight, no resume, 5 min per result, progress every second, lines up
   * to 1 MiB, results of the last 24 h recovered, no execution cache.
   */
  public static BatchOptions of(String source, Path input, Path output) {
    return new BatchOptions(source, input, output, null, 50, DEFAULT_MAX_IN_FLIGHT, false, Duration.ofMinutes(5),
        Duration.ofSeconds(1), DEFAULT_MAX_LINE_BYTES, Duration.ofHours(24), null, null);
  }

  public BatchOptions withNode(String node) {
    return new Copy(this).node(node).build();
  }

  public BatchOptions withPriority(int priority) {
    return new Copy(this).priority(priority).build();
  }

  public BatchOptions withMaxInFlight(int maxInFlight) {
    return new Copy(this).maxInFlight(maxInFlight).build();
  }

  public BatchOptions withResume(boolean resume) {
    return new Copy(this).resume(resume).build();
  }

  public BatchOptions withResultTimeout(Duration resultTimeout) {
    return new Copy(this).resultTimeout(resultTimeout).build();
  }

  public BatchOptions withProgressInterval(Duration progressInterval) {
    return new Copy(this).progressInterval(progressInterval).build();
  }

  public BatchOptions withMaxLineBytes(int maxLineBytes) {
    return new Copy(this).maxLineBytes(maxLineBytes).build();
  }

  public BatchOptions withRecoverWindow(Duration recoverWindow) {
    return new Copy(this).recoverWindow(recoverWindow).build();
  }

  /** Every execution opts in to the execution cache with {@code cacheTtl}; {@code null} for none. */
  public BatchOptions withCacheTtl(Duration cacheTtl) {
    return new Copy(this).cacheTtl(cacheTtl).build();
  }

  /** Names the executions' pipeline (metadata {@code pipeline}) for the history and statistics. */
  public BatchOptions withPipeline(String pipeline) {
    return new Copy(this).pipeline(pipeline).build();
  }

  /** A copy with one field changed, so each wither states only what it changes. */
  private static final class Copy {
    private String source;
    private Path input;
    private Path output;
    private String node;
    private int priority;
    private int maxInFlight;
    private boolean resume;
    private Duration resultTimeout;
    private Duration progressInterval;
    private int maxLineBytes;
    private Duration recoverWindow;
    private Duration cacheTtl;
    private String pipeline;

    Copy(BatchOptions o) {
      source = o.source;
      input = o.input;
      output = o.output;
      node = o.node;
      priority = o.priority;
      maxInFlight = o.maxInFlight;
      resume = o.resume;
      resultTimeout = o.resultTimeout;
      progressInterval = o.progressInterval;
      maxLineBytes = o.maxLineBytes;
      recoverWindow = o.recoverWindow;
      cacheTtl = o.cacheTtl;
      pipeline = o.pipeline;
    }

    Copy node(String value) {
      node = value;
      return this;
    }

    Copy priority(int value) {
      priority = value;
      return this;
    }

    Copy maxInFlight(int value) {
      maxInFlight = value;
      return this;
    }

    Copy resume(boolean value) {
      resume = value;
      return this;
    }

    Copy resultTimeout(Duration value) {
      resultTimeout = value;
      return this;
    }

    Copy progressInterval(Duration value) {
      progressInterval = value;
      return this;
    }

    Copy maxLineBytes(int value) {
      maxLineBytes = value;
      return this;
    }

    Copy recoverWindow(Duration value) {
      recoverWindow = value;
      return this;
    }

    Copy cacheTtl(Duration value) {
      cacheTtl = value;
      return this;
    }

    Copy pipeline(String value) {
      pipeline = value;
      return this;
    }

    BatchOptions build() {
      return new BatchOptions(source, input, output, node, priority, maxInFlight, resume, resultTimeout,
          progressInterval, maxLineBytes, recoverWindow, cacheTtl, pipeline);
    }
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
