package io.constellation.ops.cli;

import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the history commands' tests run against: a real worker node on topics of its own, a history schema of
 * their own in the JVM's real PostgreSQL, and a module that fails "before the fix": {@code Fragile(x, key)}
 * returns {@code 10 * x} but throws for odd {@code x} until {@code key} is {@link #fix fixed}. History rows are
 * written with the TraceWriter from the results collected here (the streams app is not part of these tests).
 */
final class HistoryTestCluster implements AutoCloseable {
  static final String FRAGILE = "in x: Int\nin key: String\ny = Fragile(x, key)\nout y\n";

  final Topics topics = new Topics("hist-" + UUID.randomUUID().toString().substring(0, 8));
  final String bootstrap = TestInfrastructure.kafka().bootstrapServers();
  final String nodeId = "hist-node-" + UUID.randomUUID().toString().substring(0, 4);
  final String schema = "cli_" + UUID.randomUUID().toString().substring(0, 8);
  private final Set<String> fixed = ConcurrentHashMap.newKeySet();
  private final WorkerNode worker;
  final ConstellationClient client;
  final HistoryDatabase history;

  HistoryTestCluster() throws InterruptedException {
    ModuleRegistry modules = ModuleRegistry.builder().addStandard().add(Module.builder("Fragile")
        .param("x", Type.INT).param("key", Type.STRING).returns(Type.INT)
        .implementation(args -> {
          long x = (Long) args.get("x");
          if (x % 2 != 0 && !fixed.contains((String) args.get("key"))) {
            throw new IllegalStateException("odd input " + x + " is not handled yet");
          }
          return 10 * x;
        }).build()).build();
    worker = WorkerNode.start(WorkerConfig.defaults().withNodeId(nodeId).withAdminPort(0)
        .withBootstrapServers(bootstrap).withTopicPrefix(topics.prefix()).withMaxConcurrency(8), modules);
    Polling.until("worker ready", Duration.ofSeconds(60), worker::ready);
    client = ConstellationClient.builder().bootstrapServers(bootstrap).topics(topics).build();
    sql("create schema " + schema);
    history = HistoryDatabase.open(new HistorySettings(postgresUrl(), postgres().user(), postgres().password(), 2));
  }

  /** The JDBC URL of this cluster's history schema. */
  String postgresUrl() {
    return postgres().jdbcUrl() + "?currentSchema=" + schema;
  }

  /** The environment of a command: no dev record found by accident, PostgreSQL credentials. */
  Map<String, String> env(Path home) {
    return Map.of("CONSTELLATION_HOME", home.toString(), "POSTGRES_USER", postgres().user(),
        "POSTGRES_PASSWORD", postgres().password());
  }

  /** {@code args} plus the flags naming this cluster's history and (for replay and dlq) Kafka and topics. */
  String[] withAddresses(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("dlq")) all.addAll(List.of("--postgres-url", postgresUrl()));
    if (args[0].equals("replay") || args[0].equals("dlq")) {
      all.addAll(List.of("--bootstrap-servers", bootstrap, "--topic-prefix", topics.prefix()));
    }
    return all.toArray(String[]::new);
  }

  void fix(String key) {
    fixed.add(key);
  }

  /** Runs {@code x} per execution id under pipeline name {@code pipeline}, and records every result. */
  Map<String, ExecutionResult> runAndRecord(String pipeline, String key, Map<String, Long> inputs) throws Exception {
    Map<String, CompletableFuture<ExecutionResult>> pending = new LinkedHashMap<>();
    inputs.forEach((id, x) -> pending.put(id, client.submit(Requests.source(FRAGILE).executionId(id)
        .input("x", x).input("key", key).metadata("pipeline", pipeline).build())));
    Map<String, ExecutionResult> results = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<ExecutionResult>> e : pending.entrySet()) {
      results.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
    }
    history.traces().write(new ArrayList<>(results.values()));
    return results;
  }

  /** Waits for the results of {@code ids} (sent by someone else, since {@code since}) and records them. */
  Map<String, ExecutionResult> awaitAndRecord(Collection<String> ids, Instant since) throws InterruptedException {
    Set<String> wanted = new HashSet<>(ids);
    Map<String, ExecutionResult> found = new HashMap<>();
    Polling.until("results of " + wanted, Duration.ofSeconds(60), () -> {
      client.scanResults(wanted::contains, since, r -> found.putIfAbsent(r.getExecutionId(), r));
      return found.keySet().containsAll(wanted);
    });
    history.traces().write(new ArrayList<>(found.values()));
    return found;
  }

  private static PostgresService postgres() {
    return TestInfrastructure.postgres();
  }

  private static void sql(String statement) {
    Properties props = new Properties();
    props.setProperty("user", postgres().user());
    props.setProperty("password", postgres().password());
    try (Connection c = DriverManager.getConnection(postgres().jdbcUrl(), props); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  @Override
  public void close() {
    client.close();
    worker.close();
    history.close();
    sql("drop schema if exists " + schema + " cascade");
  }
}
