package io.constellation.submitter.replay;

import java.util.List;

/**
 * How a {@link DeadLetterQueue#replay} ended: what was put back on its topic, what was passed over because it
 * cannot be replayed, both now remembered as replayed.
 *
 * @param resubmitted dead letters whose request is back on the topic it came from
 * @param skipped dead letters that cannot be replayed ({@link DeadLetterEntry#problem()} says why)
 * @param more true when dead letters not yet replayed remain (the limit was reached)
 */
public record DeadLetterReplayReport(List<DeadLetterEntry> resubmitted, List<DeadLetterEntry> skipped,
    boolean more) {
  public DeadLetterReplayReport {
    resubmitted = List.copyOf(resubmitted);
    skipped = List.copyOf(skipped);
  }
}
