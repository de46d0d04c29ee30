package io.constellation.submitter.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. The limit is enforced on the bytes actually read, not only on the declared
 * {@code Content-Length}: a chunked body has no declared length, so counting is what stops it.
 */
final class BoundedBody {
  private static final int BUFFER = 16 * 1024;

  private BoundedBody() {}

  /**
   * The whole body; throws {@link ApiError#PAYLOAD_TOO_LARGE} as soon as the declared length or the bytes read
   * pass {@code limit}, without reading the rest.
   *
   * @param declaredLength the Content-Length, or -1 when there is none (chunked)
   */
  static byte[] read(InputStream in, long declaredLength, int limit) throws IOException {
    if (declaredLength > limit) throw tooLarge(limit);
    int initial = (int) Math.min(declaredLength > 0 ? declaredLength : BUFFER, limit);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 32));
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > limit) throw tooLarge(limit);
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Reads and drops up to {@code max} more bytes, so that a client still sending its oversized body reaches the
   * point where it reads our 413 instead of seeing the connection reset under it; returns true at end of body.
   */
  static boolean discard(InputStream in, long max) {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    try {
      int n;
      while (total < max && (n = in.read(buffer)) != -1) total += n;
      return total < max;
    } catch (IOException e) {
      return false; // the client went away: nothing left to protect
    }
  }

  static UnableToServeException tooLarge(int limit) {
    return ApiError.PAYLOAD_TOO_LARGE.because("the request body is larger than the limit of " + size(limit));
  }

  /** {@code 10 MiB}, {@code 64 KiB} or {@code 1500 bytes}. */
  static String size(int bytes) {
    if (bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + " MiB";
    if (bytes % 1024 == 0) return bytes / 1024 + " KiB";
    return bytes + " bytes";
  }
}
