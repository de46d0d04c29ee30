package io.constellation.submitter.replay;

/**
 * Hears about each item of a replay as it is handled; {@code done} counts the items handled so far, submitted or
 * failed, out of {@code total}.
 *
 * <p>Thread-safety: called on the thread running {@link Replayer#replay}, one call at a time.
 */
@FunctionalInterface
public interface ReplayProgress {
  /** Reports nothing. */
  ReplayProgress NONE = (item, done, total) -> {};

  /** {@code item} was acknowledged by the broker and recorded in the history. */
  void submitted(ReplayItem item, int done, int total);

  /** {@code failure.item()} was not replayed. */
  default void failed(ReplayFailure failure, int done, int total) {}
}
