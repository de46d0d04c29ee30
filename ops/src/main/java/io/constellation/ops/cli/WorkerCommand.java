package io.constellation.ops.cli;

import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.schemas.UnableToSetUpTopicsException;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import io.constellation.worker.WorkerSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code constellation worker [flags]}: one worker node in this process. Settings come from the environment and
 * the flags of {@link WorkerSettings} (plus {@code --module-path}); without {@code --bootstrap-servers} or
 * {@code KAFKA_BOOTSTRAP_SERVERS} a live {@code constellation dev} cluster is used. It creates missing topics,
 * starts the node, prints its id and admin port, and runs until SIGTERM or SIGINT, then closes the node
 * gracefully (drain, publish, commit) and exits 0. A bad setting exits 64 naming it; an unreachable cluster 69.
 */
final class WorkerCommand {
  private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Supplier<StopSignal> stopSignal;

  WorkerCommand(PrintStream out, PrintStream err, Map<String, String> env, Supplier<StopSignal> stopSignal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stopSignal = stopSignal;
  }

  int run(List<String> args) {
    if (WorkerSettings.helpRequested(args)) {
      out.print("usage: constellation worker [flags]\n\n" + WorkerSettings.help()
          + "  --module-path a.jar:b.jar   (env CONSTELLATION_MODULE_PATH)\n      jars with more modules\n");
      return Main.EXIT_OK;
    }
    List<String> settings = new ArrayList<>();
    String modulePath = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--module-path")) {
        if (i + 1 >= args.size()) throw new UsageException("--module-path needs a value");
        modulePath = args.get(++i);
      } else if (arg.startsWith("--module-path=")) {
        modulePath = arg.substring("--module-path=".length());
      } else {
        settings.add(arg);
      }
    }
    WorkerConfig config;
    try {
      config = WorkerSettings.fromEnvironment(env, withDevBootstrap(settings));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ModuleRegistry modules = Modules.registry(modulePath, env);
    StopSignal stop = stopSignal.get();  // before anything starts: a signal during start-up still stops cleanly
    ensureTopics(config);
    WorkerNode node;
    try {
      node = WorkerNode.start(config, modules);
    } catch (RuntimeException e) {
      throw CommandException.unavailable("worker " + config.nodeId() + " could not start: " + e.getMessage());
    }
    try {
      out.println("worker " + node.nodeId() + " started; Kafka " + config.bootstrapServers() + ", topic prefix '"
          + config.topicPrefix() + "'");
      out.println("admin http://127.0.0.1:" + node.adminPort() + "/health/ready  /metrics");
      out.println("stop with Ctrl-C or SIGTERM (drains in-flight work for up to "
          + config.drainTimeout().toSeconds() + " s)");
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      err.println("stopping worker " + node.nodeId() + " (draining)...");
      node.close();
    }
    err.println("worker " + node.nodeId() + " stopped");
    return Main.EXIT_OK;
  }

  /** Without a bootstrap flag or variable, a live dev cluster's address beats WorkerSettings' localhost default. */
  private List<String> withDevBootstrap(List<String> settings) {
    boolean given = settings.stream().anyMatch(a -> a.equals("--bootstrap-servers")
        || a.startsWith("--bootstrap-servers=")) || env.containsKey("KAFKA_BOOTSTRAP_SERVERS");
    if (given) return settings;
    Optional<DevState> dev = DevState.findLive(env);
    if (dev.isEmpty()) return settings;
    List<String> withDev = new ArrayList<>(settings);
    withDev.add("--bootstrap-servers");
    withDev.add(dev.get().bootstrapServers());
    boolean prefixGiven = settings.stream().anyMatch(a -> a.equals("--topic-prefix")
        || a.startsWith("--topic-prefix=")) || env.containsKey("CONSTELLATION_TOPIC_PREFIX");
    if (!prefixGiven) {
      withDev.add("--topic-prefix");
      withDev.add(dev.get().topicPrefix());
    }
    return withDev;
  }

  private void ensureTopics(WorkerConfig config) {
    ClusterAddress address = new ClusterAddress(config.bootstrapServers(), config.topicPrefix(), "the settings");
    try (var admin = ClusterClients.admin(address)) {
      TopicSetup.ensureTopics(admin, new Topics(config.topicPrefix()), TOPICS_TIMEOUT);
    } catch (UnableToSetUpTopicsException e) {
      throw CommandException.unavailable("cannot set up topics at " + config.bootstrapServers() + ": "
          + e.getMessage());
    }
  }
}
