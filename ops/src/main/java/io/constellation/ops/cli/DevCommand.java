package io.constellation.ops.cli;

import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.schemas.UnableToSetUpTopicsException;
import io.constellation.testkit.EmbeddedRedis;
import io.constellation.testkit.LocalCluster;
import io.constellation.testkit.TestkitException;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Set;

/**
 * {@code constellation dev [--workers N] [--port 9092]}: a whole cluster in this process for trying things out:
 * an embedded Kafka broker, an embedded Redis on a free port (shared caches and circuit breakers), the topics,
 * and N worker nodes {@code dev-1..N} with free admin ports. It records itself in {@code ~/.constellation/dev.json}
 * so that {@code submit}, {@code batch}, {@code topics}, {@code cache} and {@code circuits} find it without flags,
 * and runs until SIGINT/SIGTERM; then it stops the workers (draining), Redis, the broker, removes the record and
 * exits 0.
 */
final class DevCommand {
  private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_WORKERS = 16;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Supplier<StopSignal> stopSignal;

  DevCommand(PrintStream out, PrintStream err, Map<String, String> env, Supplier<StopSignal> stopSignal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stopSignal = stopSignal;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of(),
        Set.of("--workers", "--port", "--topic-prefix", "--module-path", "--max-concurrency", "--data-dir"));
    if (!parsed.positional().isEmpty()) throw new UsageException("unexpected argument " + parsed.positional().get(0));
    int workers = number("--workers", parsed.one("--workers", "2"), 1, MAX_WORKERS);
    int port = number("--port", parsed.one("--port", "9092"), 1, 65535);
    int maxConcurrency = number("--max-concurrency", parsed.one("--max-concurrency", "16"), 1, 10_000);
    String prefix = parsed.one("--topic-prefix", ClusterAddress.DEFAULT_PREFIX);
    if (!prefix.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new UsageException("--topic-prefix must be 1 to 200 of [a-zA-Z0-9._-], got '" + prefix + "'");
    }
    Path stateFile = DevState.file(env);
    Optional<DevState> running = DevState.findLive(env);
    if (running.isPresent()) {
      throw new UsageException("a dev cluster is already running (pid " + running.get().pid() + ", "
          + running.get().bootstrapServers() + "); stop it first, or use its address");
    }
    ModuleRegistry modules = Modules.registry(parsed.one("--module-path", null), env);
    LocalCluster.Options options = LocalCluster.Options.defaults().withPort(port);
    if (parsed.has("--data-dir")) options = options.withDataDir(Path.of(parsed.one("--data-dir", null)));

    StopSignal stop = stopSignal.get();  // before anything starts: a signal during start-up still stops cleanly
    err.println("starting Kafka on port " + port + "...");
    LocalCluster cluster;
    try {
      cluster = LocalCluster.start(options);
    } catch (TestkitException e) {
      throw CommandException.unavailable("cannot start Kafka on port " + port + ": " + e.getMessage()
          + " (choose another with --port)");
    }
    EmbeddedRedis redis = null;
    List<WorkerNode> nodes = new ArrayList<>();
    try {
      err.println("starting Redis...");
      try {
        redis = EmbeddedRedis.onFreePort().start();
      } catch (TestkitException e) {
        throw CommandException.unavailable("cannot start Redis: " + e.getMessage());
      }
      ensureTopics(cluster, prefix);
      for (int i = 1; i <= workers; i++) {
        WorkerConfig config = WorkerConfig.defaults()
            .withNodeId("dev-" + i)
            .withAdminPort(0)
            .withBootstrapServers(cluster.bootstrapServers())
            .withTopicPrefix(prefix)
            .withMaxConcurrency(maxConcurrency)
            .withRedisUrl(redis.url());
        try {
          nodes.add(WorkerNode.start(config, modules));
        } catch (RuntimeException e) {
          throw CommandException.unavailable("worker dev-" + i + " could not start: " + e.getMessage());
        }
      }
      List<Integer> adminPorts = nodes.stream().map(WorkerNode::adminPort).toList();
      new DevState(cluster.bootstrapServers(), prefix, ProcessHandle.current().pid(), adminPorts, redis.url())
          .write(stateFile);
      printHowToReach(cluster, redis, prefix, nodes, stateFile);
      stop.await();
    } catch (IOException e) {
      err.println("constellation: cannot record the dev cluster in " + stateFile + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      err.println("stopping " + nodes.size() + " worker(s), Redis and Kafka...");
      shutdown(nodes, redis, cluster, stateFile);
    }
    err.println("dev cluster stopped");
    return Main.EXIT_OK;
  }

  private void printHowToReach(LocalCluster cluster, EmbeddedRedis redis, String prefix, List<WorkerNode> nodes,
      Path stateFile) {
    out.println("dev cluster ready");
    out.println("  KAFKA_BOOTSTRAP_SERVERS=" + cluster.bootstrapServers());
    out.println("  REDIS_URL=" + redis.url());
    out.println("  topic prefix: " + prefix);
    for (WorkerNode node : nodes) {
      out.println("  worker " + node.nodeId() + ": http://127.0.0.1:" + node.adminPort() + "/metrics");
    }
    out.println("  recorded in " + stateFile + " (submit, batch, topics, cache and circuits use it without flags)");
    out.println("try:");
    out.println("  constellation submit examples/text-stats.cst --inputs examples/text-stats.inputs.json");
    out.println("stop with Ctrl-C");
    out.flush();
  }

  /**
   * Ordered: workers first (they drain and commit against the broker, and may still use Redis), then Redis, then
   * the broker, then the record.
   */
  private void shutdown(List<WorkerNode> nodes, EmbeddedRedis redis, LocalCluster cluster, Path stateFile) {
    for (WorkerNode node : nodes.reversed()) {
      try {
        node.close();
      } catch (RuntimeException e) {
        err.println("constellation: worker " + node.nodeId() + " did not close cleanly: " + e.getMessage());
      }
    }
    if (redis != null) {
      try {
        redis.close();
      } catch (RuntimeException e) {
        err.println("constellation: Redis did not stop cleanly: " + e.getMessage());
      }
    }
    try {
      cluster.close();
    } catch (RuntimeException e) {
      err.println("constellation: Kafka did not stop cleanly: " + e.getMessage());
    }
    try {
      // Only our own record: another dev cluster may have written its own since (it refuses while we live).
      Optional<DevState> recorded = DevState.read(stateFile);
      if (recorded.isPresent() && recorded.get().pid() == ProcessHandle.current().pid()) Files.deleteIfExists(stateFile);
    } catch (IOException e) {
      err.println("constellation: cannot remove " + stateFile + ": " + e.getMessage());
    }
  }

  private static void ensureTopics(LocalCluster cluster, String prefix) {
    ClusterAddress address = new ClusterAddress(cluster.bootstrapServers(), prefix, "the dev cluster");
    try (var admin = ClusterClients.admin(address)) {
      TopicSetup.ensureTopics(admin, new Topics(prefix), TOPICS_TIMEOUT);
    } catch (UnableToSetUpTopicsException e) {
      throw CommandException.unavailable("cannot create topics on the dev cluster: " + e.getMessage());
    }
  }

  private static int number(String option, String text, int min, int max) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + " expects a number from " + min + " to " + max + ", got '" + text + "'");
  }
}
