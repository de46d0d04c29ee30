package io.constellation.schemas;

/**
 * A record value could not be decoded. {@link #reason()} is the short, human-readable cause (it names the field
 * or the byte-level problem) and is what goes into the {@link RecordHeaders#DLQ_REASON} header; the message adds
 * what was being decoded. Callers catch this type (or a subtype) and never need to catch anything else from a
 * codec's decode method.
 */
public abstract sealed class UnableToDecodeException extends SchemasException
    permits UnableToDecodeRequestException, UnableToDecodeResultException, UnableToDecodeDeadLetterException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  UnableToDecodeException(String what, String reason, Throwable cause) {
    super("unable to decode " + what + ": " + reason, cause);
    this.reason = reason;
  }

  /** The cause without the "unable to decode ..." prefix, e.g. {@code field 'inputs' must be a JSON object}. */
  public String reason() {
    return reason;
  }
}
