package io.constellation.history;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing.
 *
 * @param items   at most {@code limit} items
 * @param offset  how many matching items come before this page
 * @param limit   the page size asked for
 * @param hasMore true when at least one more item matches after this page
 */
public record Page<T>(List<T> items, int offset, int limit, boolean hasMore) {
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }
}
