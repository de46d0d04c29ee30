package io.constellation.testkit;

/**
 * What {@link ExternalKafka}, {@link ExternalRedis} and {@link ExternalPostgres} share: the service comes from
 * the environment and this JVM does not own it, so it is always running, {@code stop()} and {@code start()}
 * are refused with a message naming the variable to unset for fault tests, and {@code close()} does nothing.
 * Subclasses declare the covariant {@code start()} as {@code throw refused("start()")}.
 *
 * <p>Thread-safety: immutable.
 */
abstract class ExternalService {

  private final String service;
  private final String source;
  private final String variable;
  private final String kind;

  /**
   * @param service what the service is, e.g. {@code "Redis"}
   * @param source where it comes from: the variable, with its value where that is safe to show
   * @param variable the environment variable that selected it
   * @param kind {@code "broker"} or {@code "server"}
   */
  ExternalService(String service, String source, String variable, String kind) {
    this.service = service;
    this.source = source;
    this.variable = variable;
    this.kind = kind;
  }

  /** True: the service is not ours. */
  public final boolean external() {
    return true;
  }

  /** True: a service we do not own is taken to be running. */
  public final boolean running() {
    return true;
  }

  /** Refused: the service is not ours to stop. */
  public final void stop() {
    throw refused("stop()");
  }

  /** Does nothing: the service is not ours to stop. */
  public final void close() {
    // not ours: nothing to stop
  }

  /** The exception for {@code call}, e.g. {@code "start()"}. */
  final UnsupportedOperationException refused(String call) {
    return new UnsupportedOperationException(call + " is not possible: " + service + " comes from " + source + ", a "
        + kind + " this JVM does not own. Unset " + variable + " to run fault tests on the embedded " + kind
        + ", or skip them when external()");
  }
}
