package io.constellation.streams;

/**
 * The windowed statistics could not be queried: the app is starting, rebalancing or closed, so its stores are not
 * available right now. Retry later, or read {@code constellation.stats} through {@link StatsView}.
 */
public final class UnableToQueryStatsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnableToQueryStatsException(String message, Throwable cause) {
    super(message, cause);
  }
}
