package io.constellation.submitter.replay;

import java.util.Objects;

/** An item of a plan that was not replayed, and why (in words for an operator). */
public record ReplayFailure(ReplayItem item, String message) {
  public ReplayFailure {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(message, "message");
  }
}
