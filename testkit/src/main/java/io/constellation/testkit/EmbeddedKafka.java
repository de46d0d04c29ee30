package io.constellation.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka cluster (combined broker and KRaft controller) running inside this JVM.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *   producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Implementation notes. This uses the broker's own production classes ({@code KafkaRaftServer} after an
 * in-process {@code StorageTool.execute} format; INFRA-NOTES 2a, K7: never {@code StorageTool.main}, which
 * exits the JVM). These are internal Kafka APIs, stable across 4.x: the Kafka version is pinned by the parent.
 * Ports are chosen on the first start (free ones unless given) and kept for every restart, as is the data
 * directory, so {@link #stop()} then {@link #start()} brings back the same topics and records. The cluster id
 * is the one in the data directory's {@code meta.properties} (formatted on first use), and readiness requires
 * the broker at our port to report that id ({@link KafkaReadiness}). Single-node settings make transactions and
 * consumer groups work with one replica; topics are never auto-created, and the default is 1 partition.
 *
 * <p>Thread-safety: thread-safe; start, stop and close are serialised by one lock (they block for seconds).
 */
public final class EmbeddedKafka extends EmbeddedService implements KafkaService {

  private final int requestedControllerPort;
  private final Path dataDir;
  private final Duration startTimeout;
  private final Map<String, String> overrides;

  // server is guarded by the lifecycle lock; controllerPort and clusterId are fixed by the first successful
  // start and read without it
  private KafkaRaftServer server;
  private volatile int controllerPort;
  private volatile String clusterId;

  private EmbeddedKafka(Builder builder) {
    this(builder, builder.dataDir == null ? Directories.createTemp("constellation-kafka-") : builder.dataDir);
  }

  private EmbeddedKafka(Builder builder, Path dataDir) {
    super("EmbeddedKafka", builder.port, dataDir, builder.dataDir == null);
    this.requestedControllerPort = builder.controllerPort;
    this.dataDir = dataDir;
    this.startTimeout = builder.startTimeout;
    this.overrides = Map.copyOf(builder.overrides);
  }

  /** A builder with free ports, a temporary data directory (deleted on close) and a 60 s start timeout. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port();
  }

  @Override
  public String clusterId() {
    port(); // throws before the first start
    return clusterId;
  }

  /** The broker's PLAINTEXT port (fixed by the first start). */
  @Override
  public int port() {
    return super.port();
  }

  /** The directory holding {@code server.properties} and the broker's {@code data/} log directory. */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public EmbeddedKafka start() {
    startService();
    return this;
  }

  @Override
  String label() {
    return "EmbeddedKafka at " + dataDir;
  }

  @Override
  String address() {
    return bootstrapServers();
  }

  /** Picks ports (retrying a bind race when we chose them) and formats the data directory if needed. */
  @Override
  void startFirstTime() {
    for (int attempt = 1; ; attempt++) {
      int port = requestedPort() == 0 ? Ports.free() : requestedPort();
      setPort(port);
      controllerPort = requestedControllerPort == 0 ? freePortOtherThan(port) : requestedControllerPort;
      try {
        Ports.requireFree(port, "EmbeddedKafka");
        Ports.requireFree(controllerPort, "EmbeddedKafka controller");
        validatedConfig(); // before format: StorageTool would report a bad setting less clearly
        writeServerProperties();
        clusterId = formatIfNeeded();
        launch(port);
        return;
      } catch (RuntimeException e) {
        boolean choseOwnPorts = requestedPort() == 0 && requestedControllerPort == 0;
        boolean race = Ports.isBindFailure(e) || (e instanceof TestkitException && e.getMessage().contains("in use"));
        if (!choseOwnPorts || !race || attempt >= BIND_ATTEMPTS) {
          setPort(0);
          controllerPort = 0;
          throw e instanceof TestkitException ? e : new TestkitException("EmbeddedKafka (data " + dataDir
              + ") failed to start: " + e.getMessage(), e);
        }
        // someone took the free port between our check and the bind: pick new ones
      }
    }
  }

  @Override
  void restart(int port) {
    Ports.requireFree(controllerPort, "EmbeddedKafka controller (restart)");
    launch(port);
  }

  @Override
  void shutdown() {
    KafkaRaftServer running = server;
    server = null;
    running.shutdown();
    running.awaitShutdown();
  }

  private static int freePortOtherThan(int taken) {
    int candidate = Ports.free();
    while (candidate == taken) {
      candidate = Ports.free();
    }
    return candidate;
  }

  @Override
  void launch(int port) {
    KafkaRaftServer candidate = new KafkaRaftServer(validatedConfig(), Time.SYSTEM);
    try {
      candidate.startup();
      KafkaReadiness.await(bootstrapServers(), clusterId, startTimeout);
    } catch (RuntimeException e) {
      shutdownQuietly(candidate, e);
      if (e instanceof TestkitException) {
        throw e;
      }
      throw new TestkitException("EmbeddedKafka on 127.0.0.1:" + port + " (data " + dataDir + ") failed to start: "
          + e.getMessage(), e);
    }
    server = candidate;
  }

  private static void shutdownQuietly(KafkaRaftServer candidate, RuntimeException failure) {
    try {
      candidate.shutdown();
      candidate.awaitShutdown();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private KafkaConfig validatedConfig() {
    try {
      return KafkaConfig.fromProps(brokerProperties(), false);
    } catch (RuntimeException e) {
      throw new TestkitException("EmbeddedKafka has an invalid broker setting: " + e.getMessage(), e);
    }
  }

  private Properties brokerProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + mainPort() + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + mainPort());
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", logDir().toString());
    p.put("auto.create.topics.enable", "false");
    // one node: every internal topic must accept a single replica, or transactions and groups hang
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  private Path logDir() {
    return dataDir.resolve("data");
  }

  private void writeServerProperties() {
    Directories.createDirectories(dataDir);
    try (OutputStream out = Files.newOutputStream(dataDir.resolve("server.properties"))) {
      brokerProperties().store(out, "written by constellation-testkit EmbeddedKafka");
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + dataDir.resolve("server.properties"), e);
    }
  }

  /** Returns the cluster id in meta.properties, formatting the log directory first if it has none. */
  private String formatIfNeeded() {
    Optional<String> existing = readClusterId();
    if (existing.isPresent()) {
      return existing.get();
    }
    String newId = Uuid.randomUuid().toString();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int rc;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(new String[] {"format", "-t", newId,
          "-c", dataDir.resolve("server.properties").toString(), "--ignore-formatted"}, out);
    }
    if (rc != 0) {
      throw new TestkitException("formatting the Kafka log directory " + logDir() + " failed (exit " + rc + "): "
          + buffer.toString(StandardCharsets.UTF_8).strip());
    }
    return readClusterId().orElseThrow(() -> new TestkitException("formatted " + logDir()
        + " but found no cluster.id in its meta.properties: " + buffer.toString(StandardCharsets.UTF_8).strip()));
  }

  private Optional<String> readClusterId() {
    Path meta = logDir().resolve("meta.properties");
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + meta, e);
    }
    String id = props.getProperty("cluster.id");
    if (id == null || id.isBlank()) {
      throw new TestkitException(meta + " has no cluster.id: the directory is not a Kafka log directory we can use");
    }
    return Optional.of(id.strip());
  }

  /**
   * Settings of an {@link EmbeddedKafka}; every one is optional.
   *
   * <p>Thread-safety: not thread-safe; build on one thread.
   */
  public static final class Builder {
    private int port;
    private int controllerPort;
    private Path dataDir;
    private Duration startTimeout = Duration.ofSeconds(60);
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** The PLAINTEXT port; 0 (the default) picks a free one on the first start. */
    public Builder port(int port) {
      this.port = Ports.requireValid(port, "port");
      return this;
    }

    /** The KRaft controller port; 0 (the default) picks a free one on the first start. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = Ports.requireValid(controllerPort, "controllerPort");
      return this;
    }

    /**
     * A data directory owned by the caller: kept on close, and reused (with its cluster id, topics and
     * records) when it already holds a formatted broker. Without it a temporary directory is used and deleted
     * on close.
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
      return this;
    }

    /** How long a start may take until the broker answers with our cluster id; default 60 s. */
    public Builder startTimeout(Duration startTimeout) {
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /** Sets one broker property (e.g. {@code num.partitions}), applied after the testkit's defaults. */
    public Builder brokerProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isBlank()) {
        throw new IllegalArgumentException("broker property key must not be blank");
      }
      overrides.put(key, value);
      return this;
    }

    /** Creates the broker, not yet started (the temporary data directory, if any, exists from now on). */
    public EmbeddedKafka build() {
      return new EmbeddedKafka(this);
    }
  }
}
