package io.constellation.submitter;

/** No broker answered at the configured bootstrap servers within the connect timeout; retrying may help. */
public final class ClusterUnreachableException extends SubmitterException {
  public ClusterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
