package io.constellation.schemas;

/**
 * Topics could not be created, or did not become usable (every partition led and answering) within the timeout.
 * Usually transient (broker starting, controller moving): retrying later may succeed.
 */
public final class UnableToSetUpTopicsException extends SchemasException {
  private static final long serialVersionUID = 1L;

  public UnableToSetUpTopicsException(String message) {
    super(message);
  }

  public UnableToSetUpTopicsException(String message, Throwable cause) {
    super(message, cause);
  }
}
