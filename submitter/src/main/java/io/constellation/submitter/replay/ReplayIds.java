package io.constellation.submitter.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of a replay: {@code originalId + "~replay" + attempt}. Ids are at most {@value #MAX_LENGTH} characters
 * (code points, as the request schema counts them); when the plain form would be longer, the original is cut and a
 * hash of the whole original keeps the id unique: {@code <start of original>~<16 hex digits>~replay<attempt>}.
 * Either way the id is a function of (original, attempt) only, so two runs replaying the same attempt send the
 * same id and the workers run it once.
 */
final class ReplayIds {
  static final int MAX_LENGTH = 256;
  static final String SEPARATOR = "~replay";
  private static final int HASH_HEX_DIGITS = 16;

  private ReplayIds() {}

  static String of(String originalId, int attempt) {
    String suffix = SEPARATOR + attempt;
    String plain = originalId + suffix;
    if (plain.codePointCount(0, plain.length()) <= MAX_LENGTH) return plain;
    String tail = "~" + sha256Hex(originalId).substring(0, HASH_HEX_DIGITS) + suffix;
    int keep = MAX_LENGTH - tail.length();
    // Cut at a code point boundary: half a surrogate pair would make the id unprintable, and the schema refuses it.
    return originalId.substring(0, originalId.offsetByCodePoints(0, keep)) + tail;
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
