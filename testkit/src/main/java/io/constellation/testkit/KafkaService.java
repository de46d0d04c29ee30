package io.constellation.testkit;

/**
 * A Kafka cluster that tests and the local cluster talk to: embedded in this JVM ({@link EmbeddedKafka}), a
 * Testcontainers container, or an external broker named by {@code KAFKA_BOOTSTRAP_SERVERS}.
 *
 * <p>{@link #stop()} and {@link #start()} take the broker down and bring it back on the same address with
 * the same data, for fault tests ("broker down, then back"); an external broker throws
 * {@link UnsupportedOperationException} instead, so such tests check {@link #external()} first.
 * {@link #close()} is final: it stops the broker and deletes data directories the service created itself.
 *
 * <p>Thread-safety: implementations are thread-safe; lifecycle calls are serialised.
 */
public interface KafkaService extends AutoCloseable {

  /** {@code host:port[,host:port...]} for {@code bootstrap.servers}; stable across stop()/start(). */
  String bootstrapServers();

  /** The id of the cluster behind {@link #bootstrapServers()}. */
  String clusterId();

  /** True when the broker is not ours (environment override): {@link #stop()}/{@link #start()} are refused. */
  boolean external();

  /** True while the broker is started (always true for an external broker). */
  boolean running();

  /**
   * Starts the broker, or restarts it on the same ports and data after {@link #stop()}; returns at once if
   * it is running. Returns this service, so {@code builder().build().start()} reads as one expression.
   *
   * @throws TestkitException if it did not become ready in time, or another broker answers on its port
   * @throws UnsupportedOperationException for an external broker
   * @throws IllegalStateException after {@link #close()}
   */
  KafkaService start();

  /**
   * Stops the broker and keeps its ports and data for {@link #start()}; a no-op if already stopped.
   *
   * @throws UnsupportedOperationException for an external broker
   */
  void stop();

  /** Stops the broker and deletes the data directories the service created itself; idempotent. */
  @Override
  void close();
}
