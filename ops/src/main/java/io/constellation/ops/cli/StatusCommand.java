package io.constellation.ops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.history.ExecutionSummary;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistoryException;
import io.constellation.history.HistoryJson;
import io.constellation.history.NodeResult;
import io.constellation.history.StoredExecution;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code constellation status ID [--json]}: one execution from the history with the trace of its nodes. Exit
 * codes as {@code run} for the execution's status (0 completed, 1 failed or expired, 2 rejected); 1 when the
 * history has no such execution; 64 usage; 69 PostgreSQL unreachable.
 */
final class StatusCommand {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  StatusCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json"), Set.of("--postgres-url"));
    String id = parsed.single("execution id");
    if (id.isBlank()) throw new UsageException("the execution id must not be blank");
    if (id.length() > 256) throw new UsageException("an execution id is at most 256 characters, got " + id.length());
    PostgresAddress address = PostgresAddress.resolve(parsed.one("--postgres-url", null), env);
    Optional<StoredExecution> found;
    try (HistoryDatabase database = HistoryDatabases.open(address)) {
      found = database.executions().get(id);
    } catch (HistoryException e) {
      throw HistoryDatabases.unavailable(address, e);
    }
    if (found.isEmpty()) {
      err.println("constellation: no execution '" + Printable.of(id) + "' in the history (it may still be running, "
          + "not recorded yet, or pruned)");
      return Main.EXIT_FAILED;
    }
    StoredExecution execution = found.get();
    if (parsed.has("--json")) {
      out.println(Json.write(HistoryJson.execution(execution)));
    } else {
      print(execution);
    }
    return SubmitCommand.exitCode(HistoryFilters.status(execution.summary().status()));
  }

  private void print(StoredExecution e) {
    ExecutionSummary s = e.summary();
    out.println("execution " + Printable.of(s.executionId()));
    out.println("  status     " + HistoryFilters.status(s.status())
        + (e.fromCache() ? " (from the execution cache)" : ""));
    out.println("  attempt    " + s.attempt()
        + (s.replayOf() == null ? "" : ", replay of " + Printable.of(s.replayOf())));
    out.println("  pipeline   " + Printable.of(String.valueOf(s.pipeline()))
        + (e.structuralHash() == null ? "" : "  (structure " + shortHash(e.structuralHash()) + ")"));
    out.println("  node       " + Printable.of(String.valueOf(s.nodeId())));
    if (e.queuedAt() != null) out.println("  queued     " + e.queuedAt());
    if (e.startedAt() != null) out.println("  started    " + e.startedAt());
    out.println("  completed  " + s.completedAt() + times(s));
    printJsonFields("inputs", e.inputsJson());
    printJsonFields("outputs", e.outputsJson());
    printList("errors", e.errorsJson());
    printList("warnings", e.warningsJson());
    List<NodeResult> nodes = e.nodeResults();
    if (!nodes.isEmpty()) {
      out.println("nodes:");
      out.println(String.format(Locale.ROOT, "  %3s  %-24s %-20s %-10s %12s %8s  %s", "#", "name", "module", "status",
          "duration", "attempts", "cache"));
      for (NodeResult n : nodes) {
        out.println(String.format(Locale.ROOT, "  %3d  %-24s %-20s %-10s %12s %8d  %s", n.seq(),
            Printable.of(String.valueOf(n.name())), Printable.of(n.module() == null ? "-" : n.module()),
            Printable.of(String.valueOf(n.status()).toLowerCase(Locale.ROOT)), micros(n.durationMicros()),
            n.attempts(), n.cacheHit() ? "hit" : "-"));
        if (n.error() != null) out.println("       error: " + Printable.of(n.error()));
      }
    }
  }

  private static String times(ExecutionSummary s) {
    if (s.durationMs() == null && s.queueMs() == null) return "";
    return "  (" + (s.durationMs() == null ? "" : "ran " + s.durationMs() + " ms")
        + (s.durationMs() != null && s.queueMs() != null ? ", " : "")
        + (s.queueMs() == null ? "" : "queued " + s.queueMs() + " ms") + ")";
  }

  private void printJsonFields(String title, String json) {
    JsonNode node = parse(json);
    if (node == null || !node.isObject() || node.isEmpty()) return;
    out.println(title + ":");
    node.properties().forEach(f -> out.println("  " + Printable.of(f.getKey()) + " = "
        + Printable.of(Json.write(f.getValue()))));
  }

  private void printList(String title, String json) {
    JsonNode node = parse(json);
    if (node == null || !node.isArray() || node.isEmpty()) return;
    out.println(title + ":");
    for (JsonNode item : node) {
      if (item.isObject() && item.has("message")) {
        String code = item.path("code").asText("");
        String where = item.path("node").isTextual() ? " in '" + item.get("node").asText() + "'" : "";
        out.println("  " + Printable.of((code.isEmpty() ? "" : code + " ") + item.get("message").asText() + where));
      } else {
        out.println("  " + Printable.of(item.isTextual() ? item.asText() : Json.write(item)));
      }
    }
  }

  private static JsonNode parse(String json) {
    if (json == null) return null;
    try {
      return Json.parse(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String micros(long micros) {
    return micros >= 10_000 ? micros / 1000 + " ms" : micros + " us";
  }

  private static String shortHash(String hash) {
    return hash.length() <= 12 ? hash : hash.substring(0, 12);
  }
}
