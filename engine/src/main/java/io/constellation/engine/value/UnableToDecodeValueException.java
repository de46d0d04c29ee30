package io.constellation.engine.value;

/**
 * A JSON value that does not decode at its type (LANGUAGE.md 8.2). {@link #path()} is the input name followed by
 * {@code .field} and {@code [index]} parts; {@link #reason()} is the reason text of 8.2 / 13.9.
 */
public final class UnableToDecodeValueException extends Exception {
  private final String path;
  private final String reason;

  public UnableToDecodeValueException(String path, String reason) {
    super(path + ": " + reason, null, false, false);
    this.path = path;
    this.reason = reason;
  }

  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
