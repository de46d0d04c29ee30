package io.constellation.schemas;

/**
 * Root of the unchecked exceptions thrown by the schemas module: a payload that cannot be decoded, or topics that
 * could not be set up. Programming errors (encoding an invalid record) are {@link IllegalArgumentException}s.
 */
public class SchemasException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemasException(String message) {
    super(message);
  }

  public SchemasException(String message, Throwable cause) {
    super(message, cause);
  }
}
