package io.constellation.submitter.replay;

import java.util.List;

/**
 * Dead letters, oldest first.
 *
 * @param entries at most the limit asked for
 * @param truncated true when more dead letters matched than the limit
 */
public record DeadLetterListing(List<DeadLetterEntry> entries, boolean truncated) {
  public DeadLetterListing {
    entries = List.copyOf(entries);
  }
}
