package io.constellation.history;

/**
 * {@link HistoryDatabase#open} reached PostgreSQL but could not bring the schema up to date (for example, an
 * applied migration was changed after the fact). The message carries Flyway's reason.
 */
public final class UnableToMigrateHistoryException extends HistoryException {
  private static final long serialVersionUID = 1L;

  public UnableToMigrateHistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
