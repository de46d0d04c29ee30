package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.ExecutionQuery;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistoryException;
import io.constellation.schemas.Encoding;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.replay.ReplayFailure;
import io.constellation.submitter.replay.ReplayItem;
import io.constellation.submitter.replay.ReplayPlan;
import io.constellation.submitter.replay.ReplayProgress;
import io.constellation.submitter.replay.ReplayReport;
import io.constellation.submitter.replay.Replayer;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code constellation replay [filters] [--dry-run] [--again] [--json]}: selects executions from the history
 * ({@link HistoryFilters}; {@code --status failed} unless given) and submits each again, linked to its original by
 * {@code replayOf} with the next attempt number; shows each as it is acknowledged, then a summary. Executions
 * replayed before are left out unless {@code --again}; {@code --dry-run} shows what would be submitted and submits
 * nothing. Exit codes: 0 every selected execution submitted (or nothing to do), 1 some could not be, 64 usage, 69
 * PostgreSQL or the cluster unreachable.
 */
final class ReplayCommand {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final InstantSource clock;

  ReplayCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.clock = InstantSource.system();
  }

  int run(List<String> args) {
    Set<String> valued = new HashSet<>(HistoryFilters.VALUED);
    valued.addAll(List.of("--postgres-url", "--bootstrap-servers", "--topic-prefix"));
    Arguments parsed = Arguments.parse(args, Set.of("--dry-run", "--again", "--json"), valued);
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + Printable.of(parsed.positional().get(0))
          + "' (select executions with --id ID, --status, --pipeline, --node, --since, --until)");
    }
    ExecutionQuery query = HistoryFilters.query(parsed, clock.instant(), "failed");
    boolean dryRun = parsed.has("--dry-run");
    boolean again = parsed.has("--again");
    boolean json = parsed.has("--json");
    PostgresAddress postgres = PostgresAddress.resolve(parsed.one("--postgres-url", null), env);
    // Resolved (and checked) before anything is read, so a bad prefix is a usage error even on a dry run.
    ClusterAddress cluster = ClusterAddress.resolve(parsed.one("--bootstrap-servers", null),
        parsed.one("--topic-prefix", null), env);

    try (HistoryDatabase database = HistoryDatabases.open(postgres)) {
      ReplayPlan plan = Replayer.planner(database.executions()).plan(query, again);
      if (dryRun || plan.isEmpty()) return printPlan(plan, dryRun, again, json);
      ReplayReport report;
      try (ConstellationClient client = ClusterClients.client(cluster, Encoding.AVRO)) {
        report = new Replayer(database.executions(), client).replay(plan, progress(json));
      }
      return printReport(report, json);
    } catch (HistoryException e) {
      throw HistoryDatabases.unavailable(postgres, e);
    }
  }

  /** One stderr line per item as it is handled (the summary goes to stdout). */
  private ReplayProgress progress(boolean json) {
    return new ReplayProgress() {
      @Override
      public void submitted(ReplayItem item, int done, int total) {
        if (!json) err.println("replayed " + done + "/" + total + "  " + Printable.of(item.originalId()) + " -> "
            + Printable.of(item.replayId()));
      }

      @Override
      public void failed(ReplayFailure failure, int done, int total) {
        if (!json) err.println("failed   " + done + "/" + total + "  " + Printable.of(failure.item().originalId())
            + ": " + Printable.of(failure.message()));
      }
    };
  }

  private int printPlan(ReplayPlan plan, boolean dryRun, boolean again, boolean json) {
    if (json) {
      ObjectNode document = Json.object();
      document.put("dryRun", dryRun);
      document.put("selected", plan.items().size());
      items(document.putArray(dryRun ? "wouldSubmit" : "submitted"), dryRun ? plan.items() : List.of());
      document.putArray("failed");
      out.println(Json.write(document));
      return Main.EXIT_OK;
    }
    if (plan.isEmpty()) {
      out.println("nothing to replay" + (again ? "" : " (executions replayed before are left out; --again replays "
          + "them once more)"));
      return Main.EXIT_OK;
    }
    for (ReplayItem item : plan.items()) {
      out.println("would replay " + Printable.of(item.originalId()) + " as " + Printable.of(item.replayId())
          + " (attempt " + item.attempt() + ", pipeline " + Printable.of(String.valueOf(item.pipeline())) + ")");
    }
    out.println(plan.items().size() + " execution(s) would be replayed (dry run: nothing was submitted)");
    return Main.EXIT_OK;
  }

  private int printReport(ReplayReport report, boolean json) {
    if (json) {
      ObjectNode document = Json.object();
      document.put("dryRun", false);
      document.put("selected", report.total());
      items(document.putArray("submitted"), report.submitted());
      ArrayNode failed = document.putArray("failed");
      for (ReplayFailure failure : report.failed()) {
        item(failed.addObject(), failure.item()).put("message", failure.message());
      }
      out.println(Json.write(document));
    } else {
      out.println("replayed " + report.submitted().size() + " of " + report.total() + " execution(s)"
          + (report.failed().isEmpty() ? "" : "; " + report.failed().size() + " not replayed:"));
      for (ReplayFailure failure : report.failed()) {
        out.println("  " + Printable.of(failure.item().originalId()) + ": " + Printable.of(failure.message()));
      }
    }
    return report.failed().isEmpty() ? Main.EXIT_OK : Main.EXIT_FAILED;
  }

  private static void items(ArrayNode array, List<ReplayItem> items) {
    for (ReplayItem item : items) item(array.addObject(), item);
  }

  private static ObjectNode item(ObjectNode node, ReplayItem item) {
    node.put("originalId", item.originalId());
    node.put("replayId", item.replayId());
    node.put("attempt", item.attempt());
    node.put("pipeline", item.pipeline());
    return node;
  }
}
