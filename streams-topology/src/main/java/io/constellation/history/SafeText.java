package io.constellation.history;

/**
 * Makes text storable in PostgreSQL: its {@code text} and {@code jsonb} types refuse the NUL character (and jsonb
 * an unpaired surrogate escape), and a UTF-8 encoder cannot encode an unpaired surrogate. Both become U+FFFD, so a
 * hostile result is stored recognisably instead of failing its whole batch over and over.
 */
final class SafeText {
  static final char REPLACEMENT = '\uFFFD';

  private SafeText() {}

  /** The text with NUL characters and unpaired surrogates replaced by U+FFFD; null stays null. */
  static String clean(String text) {
    if (text == null) return null;
    int bad = firstUnsafe(text, 0, text.length());
    if (bad < 0) return text;
    char[] chars = text.toCharArray();
    for (int i = bad; i < chars.length; i++) {
      char c = chars[i];
      if (c == '\0') {
        chars[i] = REPLACEMENT;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
          i++;
        } else {
          chars[i] = REPLACEMENT;
        }
      } else if (Character.isLowSurrogate(c)) {
        chars[i] = REPLACEMENT;
      }
    }
    return new String(chars);
  }

  /** {@link #clean} and then at most {@code maxLength} chars, never splitting a surrogate pair. */
  static String cleanAndCut(String text, int maxLength) {
    String clean = clean(text);
    if (clean == null || clean.length() <= maxLength) return clean;
    int end = Character.isHighSurrogate(clean.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
    return clean.substring(0, end);
  }

  /** True when {@code chars[offset, offset + length)} needs {@link #clean}. */
  static boolean unsafe(char[] chars, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = chars[i];
      if (c == '\0') return true;
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  private static int firstUnsafe(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\0') return i;
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
