package io.constellation.submitter.gateway;

/** How client-supplied text is quoted back in error messages: short, and without control characters. */
final class Texts {
  /** Longest piece of client text an error message repeats. */
  static final int MAX_QUOTED = 64;
  /** Longest message from another component (a validation message) passed on to a client. */
  static final int MAX_MESSAGE = 400;

  private Texts() {}

  /**
   * {@code text} cut to {@value #MAX_QUOTED} characters, with control characters shown as {@code ?}; a 10,000
   * character filter value must not come back as a 10,000 character message, nor a newline split a log line.
   */
  static String shorten(String text) {
    if (text == null) return "null";
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED + 3));
    int count = 0;
    for (int i = 0; i < text.length() && count < MAX_QUOTED; i = text.offsetByCodePoints(i, 1), count++) {
      int c = text.codePointAt(i);
      out.appendCodePoint(Character.isISOControl(c) ? '?' : c);
    }
    if (count == MAX_QUOTED && text.codePointCount(0, text.length()) > MAX_QUOTED) out.append("...");
    return out.toString();
  }

  /** A message written by another component, made safe to send: one line, at most {@value #MAX_MESSAGE} characters. */
  static String shortenMessage(String message) {
    if (message == null) return "no detail";
    String oneLine = message.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
  }
}
