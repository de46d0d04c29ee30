package io.constellation.submitter.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * Checks {@code Authorization: Bearer <key>} against the configured keys.
 *
 * <p>Implementation notes: keys are kept as SHA-256 digests and compared with {@link MessageDigest#isEqual}, which
 * takes the same time whatever the position of the first differing byte; hashing first makes the compared lengths
 * equal too, so neither the content nor the length of a key leaks through timing. Every key is compared, with no
 * early exit, so the time does not say which key matched either.
 *
 * <p>Thread-safety: immutable.
 */
final class ApiKeys {
  private static final String SCHEME = "bearer ";

  private final List<byte[]> digests;

  ApiKeys(List<String> keys) {
    this.digests = keys.stream().map(ApiKeys::digest).toList();
  }

  /** True when no key is configured: every request passes (development mode). */
  boolean open() {
    return digests.isEmpty();
  }

  /**
   * Passes when the header carries a configured key; throws {@link ApiError#UNAUTHORIZED} when it is missing or not
   * a bearer token, {@link ApiError#FORBIDDEN} when the key is wrong.
   */
  void check(String authorization) {
    if (open()) return;
    if (authorization == null || authorization.isBlank()) {
      throw challenge("missing API key: send 'Authorization: Bearer <key>'");
    }
    String header = authorization.strip();
    if (header.length() <= SCHEME.length()
        || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      throw challenge("the Authorization header must be 'Bearer <key>'");
    }
    byte[] presented = digest(header.substring(SCHEME.length()).strip());
    boolean matched = false;
    for (byte[] digest : digests) {
      matched |= MessageDigest.isEqual(digest, presented);
    }
    if (!matched) throw ApiError.FORBIDDEN.because("the API key is not valid");
  }

  private static UnableToServeException challenge(String message) {
    return ApiError.UNAUTHORIZED.because(message).withHeader("WWW-Authenticate", "Bearer realm=\"constellation\"");
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
