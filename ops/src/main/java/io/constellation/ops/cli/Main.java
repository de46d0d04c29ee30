package io.constellation.ops.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the {@code constellation} command: picks the command by its first word and maps what happens to
 * an exit code (0 completed, 1 failed, 2 rejected, 64 bad usage, 70 internal error).
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_REJECTED = 2;
  static final int EXIT_USAGE = 64;
  static final int EXIT_INTERNAL = 70;

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
        default -> throw new UsageException("unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("constellation: " + e.getMessage());
      err.println("Run 'constellation help' for usage.");
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      err.println("constellation: internal error: " + e);
      if (env.containsKey("CONSTELLATION_DEBUG")) e.printStackTrace(err);
      return EXIT_INTERNAL;
    }
  }
}
