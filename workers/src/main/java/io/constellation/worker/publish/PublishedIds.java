package io.constellation.worker.publish;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executionIds whose results this node has committed, bounded: beyond the capacity the id committed earliest
 * is forgotten first, and a lookup does not keep an id longer. A redelivered request whose id is here is not run
 * again: its result is already on the results topic. Only ids of committed transactions go in, so an aborted
 * window is redone rather than skipped.
 *
 * <p>Thread-safety: none; confined to the poll thread.
 */
public final class PublishedIds {
  /** The default bound. */
  public static final int DEFAULT_CAPACITY = 100_000;

  // Insertion order, not access order: a redelivery is most likely soon after the commit, and a lookup that
  // relinked the entry would cost a write on every request the poll thread takes.
  private final LinkedHashMap<String, Boolean> ids;

  public PublishedIds(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  public void add(String executionId) {
    ids.put(executionId, Boolean.TRUE);
  }

  public boolean contains(String executionId) {
    return ids.containsKey(executionId);
  }

  public int size() {
    return ids.size();
  }
}
