package io.constellation.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kafka of {@code constellation dev}: an {@link EmbeddedKafka} on a well-known port, optionally with a
 * persistent data directory so topics and records survive a restart of the command.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(LocalCluster.Options.defaults())) {
 *   System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + cluster.bootstrapServers());
 *   ...
 * }
 * }</pre>
 *
 * <p>Port: the one given, which must be free; or, by default, 9092 when it is free, else a free port (the
 * caller prints {@link #bootstrapServers()}). Data: a given directory is created if needed, reused when it
 * already holds a broker (same cluster id) and kept on close; without one a temporary directory is used and
 * deleted on close.
 *
 * <p>Thread-safety: thread-safe (delegates to {@link EmbeddedKafka}).
 */
public final class LocalCluster implements AutoCloseable {

  /** The port tried first when none is given. */
  public static final int DEFAULT_PORT = 9092;

  /**
   * How to start the local cluster.
   *
   * @param port the broker port; 0 means 9092 when free, else a free port
   * @param dataDir a persistent data directory, or empty for a temporary one
   * @param startTimeout how long the broker may take to become ready
   */
  public record Options(int port, Optional<Path> dataDir, Duration startTimeout) {
    public Options {
      Ports.requireValid(port, "port");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
      }
    }

    /** Port 9092 if free (else a free one), a temporary data directory, 60 s to start. */
    public static Options defaults() {
      return new Options(0, Optional.empty(), Duration.ofSeconds(60));
    }

    public Options withPort(int newPort) {
      return new Options(newPort, dataDir, startTimeout);
    }

    public Options withDataDir(Path dir) {
      return new Options(port, Optional.of(dir), startTimeout);
    }

    public Options withStartTimeout(Duration timeout) {
      return new Options(port, dataDir, timeout);
    }
  }

  private final EmbeddedKafka kafka;
  private final boolean persistent;

  private LocalCluster(EmbeddedKafka kafka, boolean persistent) {
    this.kafka = kafka;
    this.persistent = persistent;
  }

  /**
   * Starts the broker and returns once it answers with its cluster id.
   *
   * @throws TestkitException if the given port is in use, the data directory is unusable or holds another kind
   *     of data, or the broker does not become ready
   */
  public static LocalCluster start(Options options) {
    Objects.requireNonNull(options, "options");
    int port = options.port() != 0 ? options.port() : (Ports.isFree(DEFAULT_PORT) ? DEFAULT_PORT : 0);
    EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(port).startTimeout(options.startTimeout());
    try {
      options.dataDir().ifPresent(dir -> builder.dataDir(Directories.createDirectories(dir.toAbsolutePath())));
    } catch (java.io.UncheckedIOException e) {
      throw new TestkitException("cannot use " + options.dataDir().orElseThrow() + " as the Kafka data directory: "
          + e.getCause(), e);
    }
    EmbeddedKafka kafka = builder.build();
    try {
      kafka.start();
    } catch (RuntimeException e) {
      try {
        kafka.close(); // deletes a temporary data directory; a persistent one is kept
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return new LocalCluster(kafka, options.dataDir().isPresent());
  }

  /** {@code 127.0.0.1:port} for {@code KAFKA_BOOTSTRAP_SERVERS}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The cluster id (the same across restarts on a persistent data directory). */
  public String clusterId() {
    return kafka.clusterId();
  }

  /** The broker's data directory. */
  public Path dataDir() {
    return kafka.dataDir();
  }

  /** True when the data directory was given and is kept on close. */
  public boolean persistent() {
    return persistent;
  }

  /** The running broker, for callers that need stop()/start() (e.g. a fault demo). */
  public KafkaService kafka() {
    return kafka;
  }

  /** Stops the broker; deletes the data directory unless it is persistent. Idempotent. */
  @Override
  public void close() {
    kafka.close();
  }

  @Override
  public String toString() {
    return "LocalCluster[" + bootstrapServers() + ", " + (persistent ? "persistent " : "temporary ") + dataDir() + "]";
  }
}
