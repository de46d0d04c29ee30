package io.constellation.submitter.replay;

import java.util.List;

/**
 * What a replay would submit, in order (newest original first); computing it submits nothing, so it is also the
 * answer of a dry run.
 */
public record ReplayPlan(List<ReplayItem> items) {
  public ReplayPlan {
    items = List.copyOf(items);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
