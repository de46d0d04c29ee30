package io.constellation.submitter.replay;

import io.constellation.submitter.SubmitterException;

/**
 * A dead-letter replay stopped: its open transaction was aborted, so nothing of the unfinished batch reached the
 * request topics or was marked replayed; what earlier batches re-submitted stays re-submitted (the message says
 * how many). Running the replay again continues where the last committed batch ended.
 */
public final class UnableToReplayDeadLettersException extends SubmitterException {
  public UnableToReplayDeadLettersException(String message, Throwable cause) {
    super(message, cause);
  }
}
