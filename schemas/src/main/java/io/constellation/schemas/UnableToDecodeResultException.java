package io.constellation.schemas;

/** A result record value (Avro or JSON) could not be decoded; {@link #reason()} says why. */
public final class UnableToDecodeResultException extends UnableToDecodeException {
  private static final long serialVersionUID = 1L;

  public UnableToDecodeResultException(String reason) {
    this(reason, null);
  }

  public UnableToDecodeResultException(String reason, Throwable cause) {
    super("result", reason, cause);
  }
}
