package io.constellation.worker.state;

/** A {@link CacheAdmin} operation could not be done because Redis is unreachable or refused the command. */
public final class UnableToReachCacheException extends RuntimeException {

  public UnableToReachCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
