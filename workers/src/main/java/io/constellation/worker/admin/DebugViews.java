package io.constellation.worker.admin;

import io.constellation.worker.resilience.Circuit;
import java.util.List;

/**
 * What the admin server's {@code /debug} endpoints show of the node's shared state; present only when the node
 * uses Redis (the endpoints answer 404 otherwise).
 *
 * <p>Thread-safety: implementations are called from concurrent request threads and must be thread-safe.
 */
public interface DebugViews {

  /**
   * Up to {@code limit} cache keys starting with {@code prefix} (empty: any).
   *
   * @throws IllegalArgumentException for a prefix the store refuses (too long)
   * @throws io.constellation.worker.state.UnableToReachCacheException when Redis is unreachable
   */
  List<String> cacheKeys(String prefix, int limit);

  /** Every circuit the cluster knows, by module name. */
  List<Circuit> circuits();
}
