package io.constellation.submitter.batch;

import io.constellation.engine.json.CanonicalJson;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one pipeline over every line of a JSONL inputs file on the cluster, writing one result line per input
 * line.
 *
 * <pre>{@code
 * BatchSummary summary = new BatchRunner(client, BatchOptions.of(source, in, out).withResume(true),
 *     progress -> System.err.println(progress.done() + "/" + progress.total())).run();
 * }</pre>
 *
 * <p>Each non-blank line is one execution whose id is {@code <batchId>-<line>}, where {@code batchId} is derived
 * from the pipeline source and the input file name ({@link #batchId}): running the same batch again, or resuming
 * it, reuses the same ids, so a line that was submitted before an interruption is not a new execution downstream
 * (results are idempotent by execution id). At most {@code maxInFlight} executions are outstanding. A malformed
 * line becomes a {@code rejected} result line with the reason and its line number; a result that does not come
 * within {@code resultTimeout} is counted as missing and not written, so that {@code resume} tries it again.
 * Result lines are written in completion order and flushed one by one, so an interrupted run loses no answered
 * line.
 *
 * <p>Before submitting, the runner searches the results topic (back {@code recoverWindow}, or to the oldest
 * submission the output file shows) for results of this batch's ids that the output lacks and writes those
 * instead of submitting again: workers do not run an execution id twice once its result is published, so this is
 * how a resumed or repeated batch gets the answers of an interrupted run. (A result published between that search
 * and the resubmission of its line is not seen; the line is then counted missing and the next resume finds it.)
 *
 * <p>Thread-safety: a runner runs once, on the calling thread; results arrive on the client's threads.
 */
public final class BatchRunner {
  private static final int MAX_PROBLEMS = 10;

  private final BatchCluster cluster;
  private final BatchOptions options;
  private final BatchProgressListener listener;
  private final InstantSource clock;
  private final String batchId;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Long> byStatus = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final Latencies latencies = new Latencies();
  private long done;
  private long failures;
  private long malformed;
  private long missing;
  private long recovered;
  private Instant lastReport = Instant.MIN;
  private IOException writeFailure;

  public BatchRunner(ConstellationClient client, BatchOptions options, BatchProgressListener listener) {
    this(BatchCluster.of(Objects.requireNonNull(client, "client")), options, listener, InstantSource.system());
  }

  /** For tests: {@code cluster} stands for the cluster, {@code clock} for time. */
  BatchRunner(BatchCluster cluster, BatchOptions options, BatchProgressListener listener, InstantSource clock) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.batchId = batchId(options.source(), options.input());
    for (String status : List.of("completed", "failed", "rejected", "expired")) byStatus.put(status, 0L);
  }

  /** {@code b} + 15 hex digits of SHA-256 over the source and the input file's name. */
  public static String batchId(String source, Path input) {
    Path name = input.getFileName();
    return "b" + CanonicalJson.sha256(source + "\u0000" + (name == null ? "" : name.toString())).substring(0, 15);
  }

  public String batchId() {
    return batchId;
  }

  /**
   * Runs the batch to its end. Throws {@link IOException} when the input cannot be read or the output cannot be
   * written (what was written stays valid for a resume), {@link InterruptedException} when interrupted while
   * waiting (results still in flight are not written; a resume submits those lines again, under the same ids).
   */
  public BatchSummary run() throws IOException, InterruptedException {
    if (!Files.isRegularFile(options.input())) throw new IOException("inputs file not found: " + options.input());
    BitSet alreadyDone = new BitSet();
    boolean needsNewline = false;
    Instant since = clock.instant().minus(options.recoverWindow());
    if (options.resume()) {
      ResultLines.Existing existing = ResultLines.read(options.output(), batchId);
      alreadyDone = existing.lines();
      needsNewline = !existing.endsWithNewline();
      // A submission older than the window is still this batch's: search back to just before it.
      Instant first = existing.firstSubmitted().map(t -> t.minus(Duration.ofHours(1))).orElse(since);
      if (first.isBefore(since)) since = first;
    }
    Instant started = clock.instant();
    Semaphore slots = new Semaphore(options.maxInFlight());
    long skipped = alreadyDone.cardinality();
    StandardOpenOption mode = options.resume() ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (Writer out = new BufferedWriter(Files.newBufferedWriter(options.output(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode))) {
      if (needsNewline) out.write('\n');  // a line cut short by a crash must not swallow the next result
      BitSet recovered = recover(out, alreadyDone, since);
      BitSet done = (BitSet) alreadyDone.clone();
      done.or(recovered);
      int total;
      try (InputStream in = Files.newInputStream(options.input())) {
        total = JsonlReader.countEntries(in, done);
      }
      try (InputStream in = Files.newInputStream(options.input())) {
        JsonlReader reader = new JsonlReader(in, options.maxLineBytes());
        for (JsonlEntry entry = reader.next(); entry != null; entry = reader.next()) {
          if (done.get(entry.line())) continue;
          throwIfWriteFailed();
          String executionId = batchId + "-" + entry.line();
          switch (entry) {
            case JsonlEntry.Malformed bad -> reject(out, bad.line(), executionId, bad.reason(), started, total, true);
            case JsonlEntry.Inputs good -> submit(out, good, executionId, slots, started, total);
          }
        }
      }
      slots.acquire(options.maxInFlight());  // every outstanding result has landed (or timed out)
      slots.release(options.maxInFlight());
      throwIfWriteFailed();
      report(started, total, true);
    }
    return summary(started, skipped);
  }

  /**
   * Writes the results already on the results topic for lines of this batch that the output lacks: the answers to
   * requests sent before an interruption, which workers will not run again. Returns their line numbers.
   */
  private BitSet recover(Writer out, BitSet alreadyDone, Instant since) throws IOException {
    String prefix = batchId + "-";
    BitSet recovered = new BitSet();
    cluster.scanResults(id -> id.startsWith(prefix), since, result -> {
      int line = lineOf(result.getExecutionId(), prefix);
      if (line < 1 || alreadyDone.get(line) || recovered.get(line)) return;
      recovered.set(line);
      lock.lock();
      try {
        out.write(ResultLines.of(line, result, result.getQueuedAt()));
        out.write('\n');
        byStatus.merge(result.getStatus().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        this.recovered++;
      } catch (IOException e) {
        if (writeFailure == null) writeFailure = e;
      } finally {
        lock.unlock();
      }
    });
    out.flush();
    throwIfWriteFailed();
    return recovered;
  }

  private static int lineOf(String executionId, String prefix) {
    try {
      return Integer.parseInt(executionId.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void submit(Writer out, JsonlEntry.Inputs entry, String executionId, Semaphore slots, Instant started,
      int total) throws InterruptedException {
    ExecutionRequest request;
    try {
      Requests builder = Requests.source(options.source()).inputs(entry.inputs()).executionId(executionId)
          .priority(options.priority()).metadata("batchId", batchId).metadata("line", Integer.toString(entry.line()))
          .clock(clock);
      if (options.node() != null) builder.node(options.node());
      if (options.cacheTtl() != null) builder.cacheTtl(options.cacheTtl());
      if (options.pipeline() != null) builder.metadata(Requests.PIPELINE_METADATA, options.pipeline());
      request = builder.build();
    } catch (IllegalArgumentException e) {
      reject(out, entry.line(), executionId, e.getMessage(), started, total, false);
      return;
    }
    slots.acquire();
    Instant submitted = clock.instant();
    CompletableFuture<ExecutionResult> result;
    try {
      result = cluster.submit(request);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.orTimeout(options.resultTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, error) -> {
      try {
        if (error == null) {
          latencies.record(Duration.between(submitted, clock.instant()));
          finished(out, ResultLines.of(entry.line(), r, submitted), r.getStatus().name(), started, total);
        } else {
          lost(entry.line(), error, started, total);
        }
      } finally {
        slots.release();
      }
    });
  }

  private void reject(Writer out, int line, String executionId, String reason, Instant started, int total,
      boolean isMalformed) {
    lock.lock();
    try {
      if (isMalformed) malformed++;
    } finally {
      lock.unlock();
    }
    finished(out, ResultLines.rejected(line, executionId, reason), "REJECTED", started, total);
  }

  private void finished(Writer out, String resultLine, String status, Instant started, int total) {
    lock.lock();
    try {
      try {
        out.write(resultLine);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        if (writeFailure == null) writeFailure = e;
      }
      String key = status.toLowerCase(java.util.Locale.ROOT);
      byStatus.merge(key, 1L, Long::sum);
      if (!key.equals("completed")) failures++;
      done++;
      report(started, total, false);
    } finally {
      lock.unlock();
    }
  }

  private void lost(int line, Throwable error, Instant started, int total) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String why = cause instanceof TimeoutException
        ? "no result within " + options.resultTimeout().toSeconds() + " s"
        : String.valueOf(cause.getMessage());
    lock.lock();
    try {
      missing++;
      failures++;
      done++;
      if (problems.size() < MAX_PROBLEMS) problems.add("line " + line + ": " + why);
      report(started, total, false);
    } finally {
      lock.unlock();
    }
  }

  /** Tells the listener, at most once per interval unless {@code last}. Called under the lock or at the end. */
  private void report(Instant started, int total, boolean last) {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (!last && Duration.between(lastReport, now).compareTo(options.progressInterval()) < 0) return;
      lastReport = now;
      Duration elapsed = Duration.between(started, now);
      double seconds = elapsed.toNanos() / 1e9;
      double rate = seconds > 0 ? done / seconds : 0;
      Optional<Duration> eta = rate > 0
          ? Optional.of(Duration.ofMillis((long) ((total - done) / rate * 1000)))
          : Optional.empty();
      listener.onProgress(new BatchProgress(done, total, rate, eta, failures, elapsed));
    } finally {
      lock.unlock();
    }
  }

  private void throwIfWriteFailed() throws IOException {
    lock.lock();
    try {
      if (writeFailure != null) {
        throw new IOException("cannot write " + options.output() + ": " + writeFailure.getMessage(), writeFailure);
      }
    } finally {
      lock.unlock();
    }
  }

  private BatchSummary summary(Instant started, long skipped) {
    lock.lock();
    try {
      Duration elapsed = Duration.between(started, clock.instant());
      double seconds = elapsed.toNanos() / 1e9;
      return new BatchSummary(batchId, byStatus, malformed, skipped, recovered, missing, elapsed,
          seconds > 0 ? done / seconds : 0, latencies.percentile(50), latencies.percentile(99), problems);
    } finally {
      lock.unlock();
    }
  }
}
