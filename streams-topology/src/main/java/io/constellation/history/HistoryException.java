package io.constellation.history;

/**
 * Root of the unchecked exceptions of the execution history: PostgreSQL could not be reached, migrated, written or
 * queried. Every subtype means the database (not the caller's data) is the problem, so a retry after the database
 * recovers may succeed. Invalid arguments are {@link IllegalArgumentException}s instead.
 */
public class HistoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
