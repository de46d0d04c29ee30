package io.constellation.ops.cli;

import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistoryException;
import io.constellation.history.UnableToReachHistoryException;

/** Opens the execution history of the history commands, turning "cannot reach it" into exit code 69. */
final class HistoryDatabases {
  private HistoryDatabases() {}

  static HistoryDatabase open(PostgresAddress address) {
    try {
      return HistoryDatabase.open(address.settings());
    } catch (UnableToReachHistoryException e) {
      throw CommandException.unavailable("execution history unreachable (PostgreSQL URL from " + address.source()
          + "): " + e.getMessage() + "; is PostgreSQL running (constellation dev)? Another address: --postgres-url");
    } catch (HistoryException e) {
      throw unavailable(address, e);
    }
  }

  /** A query or write of an open history failed: the database went away or refused it. */
  static CommandException unavailable(PostgresAddress address, HistoryException e) {
    return CommandException.unavailable("execution history at " + address.settings().redactedUrl() + " failed: "
        + e.getMessage());
  }
}
