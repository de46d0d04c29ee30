package io.constellation.engine.options;

/**
 * The normalised options of one call (LANGUAGE.md 11.3): each field is null when the option was not written.
 * Streaming-only options are not kept. {@code priority} is already clamped to 0..100.
 */
public record CallOptions(
    Integer retry,
    Long timeoutMs,
    Long delayMs,
    Backoff backoff,
    Long cacheMs,
    String cacheBackend,
    Throttle throttle,
    Integer concurrency,
    OnError onError,
    Boolean lazy,
    Integer priority) {

  public static final CallOptions NONE =
      new CallOptions(null, null, null, null, null, null, null, null, null, null, null);

  public enum Backoff {
    FIXED, LINEAR, EXPONENTIAL;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum OnError {
    PROPAGATE, SKIP, LOG, WRAP;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** At most {@code count} attempts per {@code perMs} milliseconds. */
  public record Throttle(long count, long perMs) {}

  public boolean isEmpty() {
    return equals(NONE);
  }
}
