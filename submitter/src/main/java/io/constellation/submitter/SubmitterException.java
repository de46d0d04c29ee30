package io.constellation.submitter;

/**
 * The root of what the submitter library throws: a request that cannot be sent, a result that cannot be awaited.
 * Subtypes say what the caller can do about it ({@link ClusterUnreachableException}: check the address, retry).
 */
public class SubmitterException extends RuntimeException {
  public SubmitterException(String message) {
    super(message);
  }

  public SubmitterException(String message, Throwable cause) {
    super(message, cause);
  }
}
