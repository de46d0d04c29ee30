package io.constellation.ops.cli;

import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.ops.local.LocalStack;
import io.constellation.ops.local.UnableToStartLocalStackException;
import io.constellation.submitter.gateway.GatewaySettings;
import io.constellation.worker.WorkerNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code constellation dev [--workers N] [--port 9092] [--gateway-port 8080] [--data DIR] [--fresh]}: a whole
 * cluster in this process for trying things out ({@link LocalStack}): an embedded Kafka broker, Redis and
 * PostgreSQL, the topics, N worker nodes {@code dev-1..N}, the streams app recording history, and the gateway on
 * {@code CONSTELLATION_PORT} (8080; open on loopback unless {@code CONSTELLATION_API_KEYS} is set). Kafka and
 * PostgreSQL keep their data in {@code DIR} (default {@code ~/.constellation/data}) so executions and history
 * survive a restart; {@code --fresh} starts from nothing. It records itself in {@code ~/.constellation/dev.json} so
 * that the cluster commands find it without flags, and runs until SIGINT/SIGTERM; then it stops everything in
 * order (gateway, streams app, workers draining, PostgreSQL, Redis, broker), removes the record and exits 0.
 */
final class DevCommand {
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
    Arguments parsed = Arguments.parse(args, Set.of("--fresh"), Set.of("--workers", "--port", "--gateway-port",
        "--topic-prefix", "--module-path", "--max-concurrency", "--data", "--data-dir"));
    if (!parsed.positional().isEmpty()) throw new UsageException("unexpected argument " + parsed.positional().get(0));
    LocalStack.Options options = options(parsed, env);
    Path stateFile = DevState.file(env);
    Optional<DevState> running = DevState.findLive(env);
    if (running.isPresent()) {
      throw new UsageException("a dev cluster is already running (pid " + running.get().pid() + ", "
          + running.get().bootstrapServers() + "); stop it first, or use its address");
    }
    if (parsed.has("--fresh")) options.dataDir().ifPresent(this::deleteData);

    StopSignal stop = stopSignal.get();  // before anything starts: a signal during start-up still stops cleanly
    LocalStack stack;
    try {
      stack = LocalStack.start(options, err::println);
    } catch (UnableToStartLocalStackException e) {
      throw CommandException.unavailable(e.getMessage()
          + (e.getMessage().contains("Kafka on port") ? " (choose another with --port)" : ""));
    }
    try (stack) {
      new DevState(stack.bootstrapServers(), options.topicPrefix(), ProcessHandle.current().pid(),
          stack.workers().stream().map(WorkerNode::adminPort).toList(), stack.redisUrl(), stack.postgres().jdbcUrl(),
          stack.gatewayUri().toString()).write(stateFile);
      printHowToReach(stack, options, stateFile);
      stop.await();
    } catch (IOException e) {
      err.println("constellation: cannot record the dev cluster in " + stateFile + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      err.println("stopping the gateway, the streams app, " + options.workers()
          + " worker(s), PostgreSQL, Redis and Kafka...");
      removeRecord(stateFile);
    }
    err.println("dev cluster stopped");
    return Main.EXIT_OK;
  }

  /** The stack {@code dev} (and {@code demo}) start from these options and the environment. */
  static LocalStack.Options options(Arguments parsed, Map<String, String> env) {
    int workers = parsed.number("--workers", 2, 1, MAX_WORKERS);
    int port = parsed.number("--port", 9092, 1, 65535);
    int gatewayPort = parsed.number("--gateway-port", gatewayPortDefault(env), 0, 65535);
    int maxConcurrency = parsed.number("--max-concurrency", 16, 1, 10_000);
    String prefix = parsed.one("--topic-prefix", ClusterAddress.DEFAULT_PREFIX);
    if (!prefix.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new UsageException("--topic-prefix must be 1 to 200 of [a-zA-Z0-9._-], got '" + prefix + "'");
    }
    String data = parsed.one("--data", parsed.one("--data-dir", null));
    Path dataDir = data != null ? Path.of(data) : DevState.file(env).toAbsolutePath().getParent().resolve("data");
    List<String> keys = List.of(env.getOrDefault(GatewaySettings.API_KEYS, "").split(",")).stream()
        .map(String::strip).filter(key -> !key.isEmpty()).toList();
    ModuleRegistry modules = Modules.registry(parsed.one("--module-path", null), env);
    try {
      return new LocalStack.Options(workers, port, gatewayPort, keys, prefix, maxConcurrency, Optional.of(dataDir),
          modules);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code CONSTELLATION_PORT}, else 8080. */
  private static int gatewayPortDefault(Map<String, String> env) {
    String text = env.get("CONSTELLATION_PORT");
    if (text == null || text.isBlank()) return 8080;
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 0 && port <= 65535) return port;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("CONSTELLATION_PORT must be a port from 0 to 65535, was '" + Printable.of(text) + "'");
  }

  private void printHowToReach(LocalStack stack, LocalStack.Options options, Path stateFile) {
    out.println("dev cluster ready");
    out.println("  KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers());
    out.println("  REDIS_URL=" + stack.redisUrl());
    out.println("  POSTGRES_URL=" + stack.postgres().jdbcUrl() + " (user " + stack.postgres().user() + ")");
    out.println("  topic prefix: " + options.topicPrefix());
    out.println("  gateway: " + stack.gatewayUri() + "/openapi.json"
        + (options.apiKeys().isEmpty() ? " (no API keys: loopback only)" : " (keys from CONSTELLATION_API_KEYS)"));
    for (WorkerNode node : stack.workers()) {
      out.println("  worker " + node.nodeId() + ": http://127.0.0.1:" + node.adminPort() + "/metrics");
    }
    out.println("  data: " + options.dataDir().map(Path::toString).orElse("temporary")
        + " (kept across restarts; --fresh starts from nothing)");
    out.println("  recorded in " + stateFile + " (the cluster commands use it without flags)");
    out.println("try:");
    out.println("  constellation submit examples/text-stats.cst --inputs examples/text-stats.inputs.json");
    out.println("  constellation history");
    out.println("  curl -s " + stack.gatewayUri() + "/run -H 'Content-Type: application/json' "
        + "-d '{\"source\": \"in x: Int\\nout x\", \"inputs\": {\"x\": 1}}'");
    out.println("stop with Ctrl-C");
    out.flush();
  }

  private void deleteData(Path dir) {
    try {
      LocalStack.deleteRecursively(dir);
    } catch (IOException e) {
      throw new CommandException(Main.EXIT_IO,
          "cannot delete the dev data in " + dir + " (--fresh): " + e.getMessage());
    }
  }


  private void removeRecord(Path stateFile) {
    try {
      // Only our own record: another dev cluster may have written its own since (it refuses while we live).
      Optional<DevState> recorded = DevState.read(stateFile);
      if (recorded.isPresent() && recorded.get().pid() == ProcessHandle.current().pid()) Files.deleteIfExists(stateFile);
    } catch (IOException e) {
      err.println("constellation: cannot remove " + stateFile + ": " + e.getMessage());
    }
  }

}
