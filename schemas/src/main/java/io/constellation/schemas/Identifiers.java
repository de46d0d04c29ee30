package io.constellation.schemas;

/** Rules for ids carried in requests (executionId, replayOf, node): 1 to 256 characters of printable text. */
final class Identifiers {
  static final int MAX_LENGTH = 256;

  private Identifiers() {}

  static String check(String field, String value) throws DecodeFailure {
    int length = value.codePointCount(0, value.length());
    if (value.isBlank()) {
      throw new DecodeFailure("field '" + field + "' must not be empty or blank");
    }
    if (length > MAX_LENGTH) {
      throw new DecodeFailure("field '" + field + "' must be at most " + MAX_LENGTH + " characters, was " + length);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean unpaired = Character.isHighSurrogate(c)
          ? i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))
          : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
      if (Character.isISOControl(c) || unpaired || c == '\u2028' || c == '\u2029') {
        throw new DecodeFailure("field '" + field + "' must be printable text, found character U+"
            + String.format("%04X", (int) c) + " at index " + i);
      }
    }
    return value;
  }
}
