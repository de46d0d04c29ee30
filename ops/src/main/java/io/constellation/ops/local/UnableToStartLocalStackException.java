package io.constellation.ops.local;

/** A part of the local cluster could not start; what had started is closed again. */
public final class UnableToStartLocalStackException extends RuntimeException {
  public UnableToStartLocalStackException(String message, Throwable cause) {
    super(message, cause);
  }
}
