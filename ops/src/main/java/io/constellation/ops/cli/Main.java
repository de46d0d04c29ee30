package io.constellation.ops.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Entry point of the {@code constellation} command: picks the command by its first word and maps what happens to
 * an exit code (0 completed, 1 failed or not found, 2 rejected, 64 bad usage, 69 cluster or Redis unreachable, 70
 * internal error, 74 output not writable, 75 no result in time).
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_REJECTED = 2;
  static final int EXIT_USAGE = 64;
  static final int EXIT_UNAVAILABLE = 69;
  static final int EXIT_INTERNAL = 70;
  static final int EXIT_IO = 74;
  static final int EXIT_TIMEOUT = 75;

  private static final String USAGE = """
      usage: constellation <command> [options]

      commands:
        run FILE.cst [--input name=value]... [--inputs FILE.json] [--json] [--deadline 30s]
                                      compile and execute a pipeline locally
        compile FILE.cst [--json] [--format text|dot|mermaid]
                                      check a pipeline; print errors, hashes and its DAG
        modules [--json]              list every function and module that pipelines can call
        bench engine [--json] [--fixtures DIR] [--quick]
                                      measure compile and execution speed of the engine
        bench cluster [--json] [--quick]
                                      measure the cluster end to end (embedded broker, worker JVMs)
        bench state [--json] [--quick]
                                      measure what Redis-backed state costs and saves (cache, breakers)
        bench history [--json] [--quick]
                                      measure trace rows/s into PostgreSQL, the lag kept, gateway latency

      getting started:
        demo [--examples DIR] [--workers 3] [--repeat 20]
                                      start a local cluster, run the examples through it (batch, spread
                                      over nodes, caches, a failure replayed after a fix, history), stop

      cluster commands:
        submit FILE.cst [--input name=value]... [--inputs FILE.json] [--node ID] [--priority 0-100]
               [--deadline 30s] [--timeout 60s] [--cache-ttl 5min] [--no-wait] [--json] [--encoding avro|json]
                                      run a pipeline on the cluster and print its result
        batch FILE.cst --inputs IN.jsonl [--out OUT.jsonl] [--node ID] [--max-in-flight N] [--resume]
               [--priority 0-100] [--timeout 5min] [--cache-ttl 5min] [--json]
                                      one execution per input line; results as JSONL, live progress
        cache keys [--prefix P] [--limit N] | get KEY | delete KEY | clear (--prefix P | --all) [--json]
                                      list, show or delete the entries workers cache in Redis
        circuits list | reset NAME [--json]
                                      the cluster's circuit breakers; reset closes one on every node
        topics create|describe [--json]
                                      create the cluster's topics, or show partitions, leaders, offsets
        worker [--node-id ID] [--max-concurrency N] [...]   (worker --help lists every setting)
                                      run a worker node until Ctrl-C / SIGTERM (drains, then exits 0)
        history [--status S]... [--pipeline P] [--node N] [--since 2h] [--until T] [--limit N] [--offset N]
                [--json]
                                      executions recorded in PostgreSQL, newest first
        history prune --older-than 30d [--json]
                                      delete executions completed longer ago than that
        status ID [--json]            one execution from the history with its node trace (exit code as run)
        replay [--status failed] [--pipeline P] [--node N] [--since 2h] [--until T] [--id ID]... [--limit N]
               [--dry-run] [--again] [--json]
                                      submit selected executions again (replayOf, attempt + 1); once each
                                      unless --again
        dlq list [--limit N] [--all] [--json] | replay [--limit N] [--json]
                                      dead-lettered requests and why; put them back after a fix, once each
        gateway [--port 8080] [--host H] [--postgres-url URL] [--no-history] [--no-stats]
                                      the HTTP API (/run, /compile, /executions, /replay, ...; see
                                      /openapi.json) until Ctrl-C / SIGTERM; keys from CONSTELLATION_API_KEYS
        streams [--bootstrap-servers H:P] [--topic-prefix P] [--postgres-url URL] [--state-dir DIR]
                                      record results in the history, 1-minute stats to <prefix>.stats,
                                      until Ctrl-C / SIGTERM (streams --help lists every setting)
        dev [--workers N] [--port 9092] [--gateway-port 8080] [--data DIR] [--fresh] [--topic-prefix P]
                                      a local cluster in one process: Kafka, Redis, PostgreSQL, topics,
                                      N workers, the streams app and the gateway; data kept in DIR
                                      (default ~/.constellation/data) unless --fresh

      Cluster commands take --bootstrap-servers H:P and --topic-prefix P; without them they use
      KAFKA_BOOTSTRAP_SERVERS / CONSTELLATION_TOPIC_PREFIX, else a running 'constellation dev', else
      localhost:9092. cache and circuits take --redis-url URL; without it they use REDIS_URL, else a
      running 'constellation dev', else redis://127.0.0.1:6379. history, status and replay take
      --postgres-url URL; without it they use POSTGRES_URL (with POSTGRES_USER / POSTGRES_PASSWORD), else a
      running 'constellation dev', else jdbc:postgresql://127.0.0.1:5432/postgres; --since/--until take 2h,
      an instant (2026-11-29T10:00:00Z) or a date. --cache-ttl opts in to the execution
      cache: an identical pipeline + inputs completed within the TTL is answered without running.
      Exit codes: 0 completed, 1 failed or expired (cache get/delete, circuits reset: not found),
      2 rejected, 64 usage, 69 cluster, Redis or PostgreSQL unreachable, 74 output not writable, 75 no result in time.

      Modules from your own jars: --module-path a.jar:b.jar (or CONSTELLATION_MODULE_PATH), with
      META-INF/services/io.constellation.engine.spi.ModuleProvider listing their providers.
      """;

  private Main() {}

  public static void main(String[] args) {
    int code = run(Arrays.asList(args), System.out, System.err, System.getenv());
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; everything is written to {@code out} and {@code err}. */
  public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, env, StopSignal::onTermOrInt);
  }

  /** As {@link #run(List, PrintStream, PrintStream, Map)}, with what stops {@code worker} and {@code dev}. */
  static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env,
      Supplier<StopSignal> stopSignal) {
    if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
      (args.isEmpty() ? err : out).print(USAGE);
      return args.isEmpty() ? EXIT_USAGE : EXIT_OK;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (command) {
        case "run" -> new RunCommand(out, err, env).run(rest);
        case "compile" -> new CompileCommand(out, err, env).run(rest);
        case "modules" -> new ModulesCommand(out, env).run(rest);
        case "bench" -> new BenchCommand(out, err, env).run(rest);
        case "submit" -> new SubmitCommand(out, err, env).run(rest);
        case "batch" -> new BatchCommand(out, err, env, System.console() != null).run(rest);
        case "topics" -> new TopicsCommand(out, err, env).run(rest);
        case "worker" -> new WorkerCommand(out, err, env, stopSignal).run(rest);
        case "dev" -> new DevCommand(out, err, env, stopSignal).run(rest);
        case "demo" -> new DemoCommand(out, err, env).run(rest);
        case "cache" -> new CacheCommand(out, err, env).run(rest);
        case "circuits" -> new CircuitsCommand(out, err, env).run(rest);
        case "history" -> new HistoryCommand(out, err, env).run(rest);
        case "status" -> new StatusCommand(out, err, env).run(rest);
        case "replay" -> new ReplayCommand(out, err, env).run(rest);
        case "dlq" -> new DlqCommand(out, err, env).run(rest);
        case "gateway" -> new GatewayCommand(out, err, env, stopSignal).run(rest);
        case "streams" -> new StreamsCommand(out, err, env, stopSignal).run(rest);
        default -> throw new UsageException("unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("constellation: " + e.getMessage());
      err.println("Run 'constellation help' for usage.");
      return EXIT_USAGE;
    } catch (CommandException e) {
      err.println("constellation: " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      err.println("constellation: internal error: " + e);
      if (env.containsKey("CONSTELLATION_DEBUG")) e.printStackTrace(err);
      return EXIT_INTERNAL;
    }
  }
}
