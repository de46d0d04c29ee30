package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.ExecutionQuery;
import io.constellation.history.ExecutionSummary;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistoryException;
import io.constellation.history.HistoryJson;
import io.constellation.history.Page;
import java.io.PrintStream;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code constellation history [filters] [--json]}: the executions recorded in PostgreSQL, newest first (filters as
 * {@link HistoryFilters}); {@code constellation history prune --older-than 30d}: deletes those completed longer ago
 * than that, with their node results. PostgreSQL is found as {@link PostgresAddress} says. Exit codes: 0 done, 64
 * usage, 69 PostgreSQL unreachable.
 *
 * <p>Pipeline names, node ids and execution ids come from whoever submitted; text output escapes control
 * characters ({@link Printable}), {@code --json} output has them exactly.
 */
final class HistoryCommand {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final InstantSource clock;

  HistoryCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this(out, err, env, InstantSource.system());
  }

  HistoryCommand(PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.clock = clock;
  }

  int run(List<String> args) {
    if (!args.isEmpty() && args.get(0).equals("prune")) return prune(args.subList(1, args.size()));
    Set<String> valued = new HashSet<>(HistoryFilters.VALUED);
    valued.add("--postgres-url");
    Arguments parsed = Arguments.parse(args, Set.of("--json"), valued);
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + Printable.of(parsed.positional().get(0))
          + "' (history takes options only; 'history prune' deletes old executions)");
    }
    ExecutionQuery query = HistoryFilters.query(parsed, clock.instant(), null);
    PostgresAddress address = PostgresAddress.resolve(parsed.one("--postgres-url", null), env);
    Page<ExecutionSummary> page;
    try (HistoryDatabase database = HistoryDatabases.open(address)) {
      page = database.executions().list(query);
    } catch (HistoryException e) {
      throw HistoryDatabases.unavailable(address, e);
    }
    if (parsed.has("--json")) {
      out.println(Json.write(HistoryJson.page(page)));
      return Main.EXIT_OK;
    }
    for (ExecutionSummary summary : page.items()) out.println(line(summary));
    err.println(page.items().size() + " execution(s)" + (page.hasMore()
        ? "; more match: --offset " + (page.offset() + page.items().size()) + " shows the next page" : ""));
    return Main.EXIT_OK;
  }

  /** One execution on one line: completed time, status, duration, node, pipeline, id, and its replay link. */
  static String line(ExecutionSummary s) {
    String duration = s.durationMs() == null ? "-" : s.durationMs() + " ms";
    String replay = s.replayOf() == null ? "" : "  (attempt " + s.attempt() + ", replay of "
        + Printable.of(s.replayOf()) + ")";
    return String.format(Locale.ROOT, "%-24s  %-9s %9s  %-12s  %-20s  %s%s", s.completedAt(),
        HistoryFilters.status(s.status()), duration, Printable.of(String.valueOf(s.nodeId())),
        Printable.of(String.valueOf(s.pipeline())), Printable.of(s.executionId()), replay);
  }

  private int prune(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json"), Set.of("--older-than", "--postgres-url"));
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + Printable.of(parsed.positional().get(0)) + "'");
    }
    String olderThan = parsed.one("--older-than", null);
    if (olderThan == null) {
      throw new UsageException("history prune needs --older-than, e.g. --older-than 30d (executions completed "
          + "longer ago are deleted)");
    }
    Duration age = Durations.parse("--older-than", olderThan);
    Instant cutoff;
    try {
      cutoff = clock.instant().minus(age).truncatedTo(ChronoUnit.SECONDS);
      if (cutoff.isBefore(ExecutionQuery.MIN_INSTANT)) cutoff = ExecutionQuery.MIN_INSTANT;
    } catch (DateTimeException | ArithmeticException e) {
      cutoff = ExecutionQuery.MIN_INSTANT;
    }
    PostgresAddress address = PostgresAddress.resolve(parsed.one("--postgres-url", null), env);
    int pruned;
    try (HistoryDatabase database = HistoryDatabases.open(address)) {
      pruned = database.executions().prune(cutoff);
    } catch (HistoryException e) {
      throw HistoryDatabases.unavailable(address, e);
    }
    if (parsed.has("--json")) {
      ObjectNode document = Json.object();
      document.put("pruned", pruned);
      document.put("completedBefore", cutoff.toString());
      out.println(Json.write(document));
    } else {
      out.println("pruned " + pruned + " execution(s) completed before " + cutoff);
    }
    return Main.EXIT_OK;
  }
}
