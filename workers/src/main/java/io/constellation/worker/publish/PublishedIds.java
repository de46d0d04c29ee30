package io.constellation.worker.publish;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executionIds whose results this node has committed, bounded (oldest forgotten first). A redelivered request
 * whose id is here is not run again: its result is already on the results topic. Only ids of committed
 * transactions go in, so an aborted window is redone rather than skipped.
 *
 * <p>Thread-safety: none; confined to the poll thread.
 */
public final class PublishedIds {
  /** The default bound. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final LinkedHashMap<String, Boolean> ids;

  public PublishedIds(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
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
    return ids.get(executionId) != null;
  }

  public int size() {
    return ids.size();
  }
}
