package io.constellation.ops.cli;

import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.ops.demo.DemoTour;
import io.constellation.ops.demo.InventoryService;
import io.constellation.ops.local.LocalStack;
import io.constellation.ops.local.UnableToStartLocalStackException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code constellation demo [--examples DIR] [--workers N] [--repeat N]}: starts the same cluster as
 * {@code dev} (with temporary data, on free ports), takes it through {@link DemoTour} and stops it; exits 0 when
 * every step worked, 1 otherwise.
 */
final class DemoCommand {
  private static final int DEFAULT_REPEAT = 20;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  DemoCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of(), Set.of("--examples", "--workers", "--repeat", "--module-path"));
    if (!parsed.positional().isEmpty()) throw new UsageException("unexpected argument " + parsed.positional().get(0));
    int workers = parsed.number("--workers", 3, 1, 16);
    int repeat = parsed.number("--repeat", DEFAULT_REPEAT, 1, 10_000);
    Path dir = Path.of(parsed.one("--examples", "examples"));
    if (!Files.isDirectory(dir)) {
      throw new UsageException("no examples directory at " + dir.toAbsolutePath()
          + " (run from the project's root, or pass --examples DIR)");
    }
    List<DemoTour.Example> examples;
    try {
      examples = DemoTour.examples(dir);
    } catch (IOException e) {
      throw new CommandException(Main.EXIT_IO, "cannot read the examples in " + dir + ": " + e.getMessage());
    }
    if (examples.isEmpty()) throw new UsageException("no NAME.cst with NAME.inputs.json in " + dir);

    InventoryService inventory = new InventoryService();
    ModuleRegistry modules = Modules.registry(parsed.one("--module-path", null), env, List.of(inventory.module()));
    LocalStack.Options options = new LocalStack.Options(workers, freePort(), 0, List.of(), "demo", 16,
        Optional.empty(), modules);
    out.println("starting a local cluster: Kafka, Redis, PostgreSQL, " + workers + " workers, the streams app and"
        + " the gateway...");
    try (LocalStack stack = LocalStack.start(options, err::println)) {
      out.println("cluster up: Kafka " + stack.bootstrapServers() + ", gateway " + stack.gatewayUri());
      boolean worked = new DemoTour(stack, inventory, out).run(examples, repeat);
      out.println("stopping the cluster...");
      out.flush();
      return worked ? Main.EXIT_OK : Main.EXIT_FAILED;
    } catch (UnableToStartLocalStackException e) {
      throw CommandException.unavailable(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_FAILED;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw CommandException.unavailable("no free port for Kafka: " + e.getMessage());
    }
  }

}
