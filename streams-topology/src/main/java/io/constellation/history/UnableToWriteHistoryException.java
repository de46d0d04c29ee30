package io.constellation.history;

/**
 * A write to the history ({@link TraceWriter#write}, {@link ExecutionStorage#prune},
 * {@link ExecutionStorage#recordReplay}) failed and was rolled back: nothing of it is stored. Trace writes never fail
 * because of a result's content, so this means the database is unreachable or failing; retry once it recovers.
 */
public final class UnableToWriteHistoryException extends HistoryException {
  private static final long serialVersionUID = 1L;

  public UnableToWriteHistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
