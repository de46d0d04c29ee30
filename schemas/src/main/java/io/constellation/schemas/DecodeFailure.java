package io.constellation.schemas;

/**
 * Internal checked failure of a decoding step; each public codec turns it into its own
 * {@link UnableToDecodeException} subtype. Checked, so no decoding path can forget to translate it.
 */
final class DecodeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  DecodeFailure(String reason) {
    super(reason, null, false, false);
  }

  DecodeFailure(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }

  /** Prefixes the reason with a field path: {@code errors[2]: field 'code' is required}. */
  DecodeFailure within(String path) {
    return new DecodeFailure(path + ": " + getMessage(), getCause());
  }
}
