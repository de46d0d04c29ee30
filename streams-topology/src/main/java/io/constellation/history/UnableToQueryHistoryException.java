package io.constellation.history;

/** A read of the history ({@link ExecutionStorage} get, list, stats, replay candidates) failed in the database. */
public final class UnableToQueryHistoryException extends HistoryException {
  private static final long serialVersionUID = 1L;

  public UnableToQueryHistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
