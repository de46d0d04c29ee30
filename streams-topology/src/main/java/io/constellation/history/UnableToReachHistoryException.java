package io.constellation.history;

/**
 * {@link HistoryDatabase#open} could not connect to PostgreSQL: it is down, the address is wrong, or it refused the
 * credentials. The message names the address (without a password) and the driver's reason.
 */
public final class UnableToReachHistoryException extends HistoryException {
  private static final long serialVersionUID = 1L;

  public UnableToReachHistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
