package io.constellation.submitter.replay;

import java.util.List;

/**
 * How a replay ended.
 *
 * @param submitted the items the broker acknowledged and the history recorded as replayed
 * @param failed the items not submitted (or submitted but not recorded), with the reason
 */
public record ReplayReport(List<ReplayItem> submitted, List<ReplayFailure> failed) {
  public ReplayReport {
    submitted = List.copyOf(submitted);
    failed = List.copyOf(failed);
  }

  /** Items handled: submitted plus failed. */
  public int total() {
    return submitted.size() + failed.size();
  }
}
