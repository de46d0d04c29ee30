package io.constellation.ops.cli;

/**
 * Makes text from outside (cache keys, module names) safe to print one per line on a terminal: control
 * characters, which could break lines or drive the terminal, are shown as backslash-u escapes. {@code --json} output
 * carries the exact text instead.
 */
final class Printable {
  private Printable() {}

  static String of(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
          || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'); // line separators, bidi overrides
      if (unsafe && out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
      if (out != null) {
        if (unsafe) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
