package io.constellation.submitter.batch;

/**
 * Hears how a batch is doing, at most once per progress interval and once more at the end (with done == total
 * unless results went missing).
 *
 * <p>Thread-safety: calls come from the batch's worker threads, one at a time, never concurrently.
 */
@FunctionalInterface
public interface BatchProgressListener {
  void onProgress(BatchProgress progress);

  static BatchProgressListener none() {
    return progress -> {};
  }
}
