package io.constellation.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts and latency percentiles over the executions a query matches.
 *
 * @param total      executions matched
 * @param byStatus   count per status; {@link ExecutionStorage#stats} always lists the four statuses, in the order
 *                   COMPLETED, FAILED, REJECTED, EXPIRED (then any other stored status)
 * @param durationMs completed minus started, over executions that have a start time
 * @param queueMs    started minus queued, over executions that have both
 */
public record HistoryStats(long total, Map<String, Long> byStatus, Percentiles durationMs, Percentiles queueMs) {
  public HistoryStats {
    byStatus = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(byStatus, "byStatus")));
    Objects.requireNonNull(durationMs, "durationMs");
    Objects.requireNonNull(queueMs, "queueMs");
  }
}
