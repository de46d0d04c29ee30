package io.constellation.engine.value;

/**
 * A host value that cannot be converted to a language value or to JSON (runtime code TYPE_CONVERSION). The
 * message is the full {@code Cannot convert <what> to <T>} text.
 */
public final class ValueConversionException extends RuntimeException {
  public ValueConversionException(String message) {
    super(message);
  }
}
