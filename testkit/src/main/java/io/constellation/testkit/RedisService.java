package io.constellation.testkit;

/**
 * A Redis server for tests: embedded ({@link EmbeddedRedis}: the embedded-redis jar's bundled binary), a
 * Testcontainers container, or an external server named by {@code REDIS_URL}.
 *
 * <p>{@link #stop()}/{@link #start()} take the server down and bring it back on the same port (its data is
 * not persisted: the embedded server runs with {@code save ""}, {@code appendonly no}); an external server
 * throws {@link UnsupportedOperationException}.
 *
 * <p>Thread-safety: implementations are thread-safe; lifecycle calls are serialised.
 */
public interface RedisService extends AutoCloseable {

  /** {@code redis://127.0.0.1:port} (or the URL from the environment); stable across stop()/start(). */
  String url();

  /** True when the server is not ours (environment override). */
  boolean external();

  /** True while the server is started (always true for an external server). */
  boolean running();

  /**
   * Starts the server, or restarts it on the same port; returns once it answers PING.
   *
   * @throws UnsupportedOperationException for an external server
   */
  RedisService start();

  /** Stops the server and keeps its port; a no-op if already stopped. */
  void stop();

  /** Stops the server for good; idempotent. */
  @Override
  void close();
}
