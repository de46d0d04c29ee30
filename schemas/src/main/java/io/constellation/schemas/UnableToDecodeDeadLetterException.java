package io.constellation.schemas;

/** A dead letter record value (Avro or JSON) could not be decoded; {@link #reason()} says why. */
public final class UnableToDecodeDeadLetterException extends UnableToDecodeException {
  private static final long serialVersionUID = 1L;

  public UnableToDecodeDeadLetterException(String reason) {
    this(reason, null);
  }

  public UnableToDecodeDeadLetterException(String reason, Throwable cause) {
    super("dead letter", reason, cause);
  }
}
