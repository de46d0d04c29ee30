package io.constellation.engine.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of one pipeline with its line structure, so diagnostics can quote the offending line with a caret
 * (LANGUAGE.md 10.1). Lines end at LF; a CR before LF is not part of the line. Columns count code points.
 */
public final class SourceText {
  private final String text;
  private final List<String> lines;

  public SourceText(String text) {
    this.text = text;
    this.lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        int end = i;
        if (end > start && text.charAt(end - 1) == '\r') end--;
        lines.add(text.substring(start, end));
        start = i + 1;
      }
    }
  }

  public String text() {
    return text;
  }

  /** The 1-based line, or "" when out of range. */
  public String line(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }

  public int lineCount() {
    return lines.size();
  }

  /**
   * The source line followed by a caret line: the line's first {@code column - 1} code points with every non-TAB
   * replaced by a space, then {@code ^}.
   */
  public String snippet(int line, int column) {
    String source = line(line);
    StringBuilder caret = new StringBuilder();
    int seen = 0;
    for (int i = 0; i < source.length() && seen < column - 1; ) {
      int cp = source.codePointAt(i);
      caret.append(cp == '\t' ? '\t' : ' ');
      i += Character.charCount(cp);
      seen++;
    }
    while (seen < column - 1) {
      caret.append(' ');
      seen++;
    }
    return source + "\n" + caret + "^";
  }
}
