package io.constellation.testkit;

/**
 * The one unchecked root of the testkit: a service could not be started, stopped or verified.
 *
 * <p>The message names the service, its address and what to do about it, for example "the broker at
 * 127.0.0.1:41234 answered with cluster id X, but this EmbeddedKafka formatted Y: another broker holds the
 * port".
 */
public class TestkitException extends RuntimeException {

  /** Creates the exception with a message that says what failed and how to fix it. */
  public TestkitException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public TestkitException(String message, Throwable cause) {
    super(message, cause);
  }
}
