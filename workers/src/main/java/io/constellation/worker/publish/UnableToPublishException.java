package io.constellation.worker.publish;

/**
 * The transactional producer can no longer be used (fenced by a newer instance with the same transactional id, or
 * another fatal producer error). The node must stop: another instance owns its transactional id, or the producer
 * is broken.
 */
public final class UnableToPublishException extends RuntimeException {
  public UnableToPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
