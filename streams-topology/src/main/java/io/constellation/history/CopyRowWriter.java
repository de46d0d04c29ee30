package io.constellation.history;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * Writes rows in PostgreSQL's COPY text format: columns separated by tabs, rows ended by a newline, {@code \N} for
 * null, and backslash, tab, newline and carriage return escaped with a backslash, which is all the format needs.
 * NUL, which no text column accepts, is written as U+FFFD. Instants are ISO-8601 in UTC, which timestamptz reads
 * whatever the session's DateStyle.
 *
 * <p>Not thread-safe; one per COPY.
 */
final class CopyRowWriter {
  private final Writer out;
  private boolean rowStarted;

  CopyRowWriter(Writer out) {
    this.out = out;
  }

  CopyRowWriter text(String value) throws IOException {
    separate();
    if (value == null) {
      out.write("\\N");
      return this;
    }
    int length = value.length();
    int clean = 0;
    for (int i = 0; i < length; i++) {
      String escape = switch (value.charAt(i)) {
        case '\\' -> "\\\\";
        case '\t' -> "\\t";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\0' -> "\uFFFD";
        default -> null;
      };
      if (escape != null) {
        out.write(value, clean, i - clean);
        out.write(escape);
        clean = i + 1;
      }
    }
    out.write(value, clean, length - clean);
    return this;
  }

  CopyRowWriter number(long value) throws IOException {
    separate();
    out.write(Long.toString(value));
    return this;
  }

  CopyRowWriter number(Long value) throws IOException {
    return value == null ? text(null) : number(value.longValue());
  }

  CopyRowWriter bool(boolean value) throws IOException {
    separate();
    out.write(value ? 't' : 'f');
    return this;
  }

  CopyRowWriter instant(Instant value) throws IOException {
    return text(value == null ? null : value.toString());
  }

  void endRow() throws IOException {
    out.write('\n');
    rowStarted = false;
  }

  void flush() throws IOException {
    out.flush();
  }

  private void separate() throws IOException {
    if (rowStarted) {
      out.write('\t');
    } else {
      rowStarted = true;
    }
  }
}
