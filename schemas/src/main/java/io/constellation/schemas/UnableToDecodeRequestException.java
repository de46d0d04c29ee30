package io.constellation.schemas;

/** A request record value (Avro or JSON) could not be decoded; {@link #reason()} says why. */
public final class UnableToDecodeRequestException extends UnableToDecodeException {
  private static final long serialVersionUID = 1L;

  public UnableToDecodeRequestException(String reason) {
    this(reason, null);
  }

  public UnableToDecodeRequestException(String reason, Throwable cause) {
    super("request", reason, cause);
  }
}
