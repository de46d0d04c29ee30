package io.constellation.submitter.batch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a batch ended.
 *
 * @param batchId the id every execution id of this batch starts with ({@code <batchId>-<line>})
 * @param byStatus lines per status in this run: completed, failed, rejected (malformed lines included), expired
 * @param malformed lines that were not a JSON object of inputs (also counted as rejected)
 * @param skipped lines left out because the output already had their result (resume)
 * @param recovered lines whose result was already on the results topic (from an earlier, interrupted run) and was
 *     written without submitting again; also counted in {@code byStatus}
 * @param missing lines whose result did not come in time or could not be sent: not written, a resume retries them
 * @param elapsed wall time of the run
 * @param throughputPerSecond lines finished per second
 * @param latencyP50 median time from submit to result, over the lines that got one
 * @param latencyP99 99th percentile of the same
 * @param problems the first reasons lines went missing (at most 10)
 */
public record BatchSummary(
    String batchId,
    Map<String, Long> byStatus,
    long malformed,
    long skipped,
    long recovered,
    long missing,
    Duration elapsed,
    double throughputPerSecond,
    Duration latencyP50,
    Duration latencyP99,
    List<String> problems) {

  public BatchSummary {
    byStatus = Map.copyOf(byStatus);
    problems = List.copyOf(problems);
  }

  /** Lines finished in this run, whatever their status, plus those that went missing. */
  public long total() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum() + missing;
  }

  public long count(String status) {
    return byStatus.getOrDefault(status, 0L);
  }

  /** Lines that did not complete: failed, rejected, expired or missing. */
  public long failures() {
    return total() - count("completed");
  }
}
