package io.constellation.history;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Short reasons for exception messages, and whether a failure was about reaching the server at all. */
final class Failures {
  private Failures() {}

  /** The first database message in the cause chain (the useful part), else the innermost message. */
  static String reason(Throwable failure) {
    Throwable innermost = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) return firstLine(t.getMessage());
      innermost = t;
      if (t.getCause() == t) break;
    }
    String message = innermost.getMessage();
    return message == null ? innermost.getClass().getSimpleName() : firstLine(message);
  }

  /** True when the chain says the server could not be connected to (SQLState class 08, refused, unknown host). */
  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
          || t instanceof UnknownHostException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
      if (t.getCause() == t) break;
    }
    return false;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
