package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.worker.resilience.Circuit;
import io.constellation.worker.resilience.DistributedCircuitBreakers;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code constellation circuits list | reset NAME}: the cluster's circuit breakers (one per module, shared over
 * Redis by every worker). {@code reset} closes a module's circuit on every node. Redis is found as
 * {@link RedisAddress} says. Exit codes: 0 done, 1 no circuit for that module (reset), 64 usage, 69 Redis
 * unreachable.
 */
final class CircuitsCommand {
  /** The breakers' own limit on an admin module name. */
  static final int MAX_NAME_CHARS = 256;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  CircuitsCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("--")) {
      throw new UsageException("circuits needs a subcommand: list or reset NAME");
    }
    Arguments parsed = Arguments.parse(args.subList(1, args.size()), Set.of("--json"), Set.of("--redis-url"));
    return switch (args.get(0)) {
      case "list" -> list(parsed);
      case "reset" -> reset(parsed);
      default -> throw new UsageException("unknown circuits subcommand '"
          + Printable.of(CacheCommand.abbreviate(args.get(0))) + "' (list or reset NAME)");
    };
  }

  private int list(Arguments parsed) {
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + Printable.of(CacheCommand.abbreviate(parsed.positional().get(0)))
          + "' for circuits list");
    }
    List<Circuit> circuits;
    try (RedisSession redis = session(parsed);
         DistributedCircuitBreakers breakers = DistributedCircuitBreakers.create(redis.state(), InstantSource.system())) {
      circuits = breakers.list();
      // list() falls back to this process's (empty) view when Redis fails mid-call: say so rather than print nothing.
      if (!redis.state().available()) throw redis.unreachable("lost the connection while listing circuits");
    }
    if (parsed.has("--json")) {
      ObjectNode document = Json.object();
      ArrayNode array = document.putArray("circuits");
      for (Circuit circuit : circuits) {
        ObjectNode c = array.addObject();
        c.put("module", circuit.module());
        c.put("state", circuit.state().wireName());
        c.put("failures", circuit.failures());
        c.put("openedAt", circuit.openedAt().map(Object::toString).orElse(null));
      }
      out.println(Json.write(document));
    } else if (circuits.isEmpty()) {
      err.println("no circuits (no module call has failed since Redis started, or every circuit was reset)");
    } else {
      int width = Math.max(6, circuits.stream().mapToInt(c -> Printable.of(c.module()).length()).max().orElse(6));
      width = Math.min(width, 60);
      out.println(String.format("%-" + width + "s  %-9s  %8s  %s", "MODULE", "STATE", "FAILURES", "OPENED AT"));
      for (Circuit circuit : circuits) {
        out.println(String.format("%-" + width + "s  %-9s  %8d  %s", Printable.of(circuit.module()),
            circuit.state().wireName(), circuit.failures(), circuit.openedAt().map(Object::toString).orElse("-")));
      }
    }
    return Main.EXIT_OK;
  }

  private int reset(Arguments parsed) {
    if (parsed.positional().isEmpty()) throw new UsageException("circuits reset needs a module NAME");
    if (parsed.positional().size() > 1) {
      throw new UsageException("circuits reset takes one NAME, got also '"
          + Printable.of(CacheCommand.abbreviate(parsed.positional().get(1))) + "'");
    }
    String name = parsed.positional().get(0);
    if (name.isBlank()) throw new UsageException("circuits reset: NAME must not be blank");
    if (name.length() > MAX_NAME_CHARS) {
      throw new UsageException("circuits reset: NAME must be at most " + MAX_NAME_CHARS + " characters, was "
          + name.length());
    }
    boolean existed;
    try (RedisSession redis = session(parsed);
         DistributedCircuitBreakers breakers = DistributedCircuitBreakers.create(redis.state(), InstantSource.system())) {
      try {
        existed = breakers.reset(name);
      } catch (IllegalStateException e) {
        throw redis.unreachable(e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    if (parsed.has("--json")) {
      ObjectNode document = Json.object();
      document.put("module", name);
      document.put("reset", existed);
      out.println(Json.write(document));
    } else if (existed) {
      out.println("circuit '" + Printable.of(name) + "' reset: closed on every node");
    } else {
      err.println("no circuit for module '" + Printable.of(name) + "'; nothing to reset");
    }
    return existed ? Main.EXIT_OK : Main.EXIT_FAILED;
  }

  private RedisSession session(Arguments parsed) {
    return RedisSession.open(RedisAddress.resolve(parsed.one("--redis-url", null), env));
  }
}
