package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.Topics;
import io.constellation.submitter.ClusterUnreachableException;
import io.constellation.submitter.SubmitterException;
import io.constellation.submitter.replay.DeadLetterEntry;
import io.constellation.submitter.replay.DeadLetterListing;
import io.constellation.submitter.replay.DeadLetterQueue;
import io.constellation.submitter.replay.DeadLetterReplayReport;
import io.constellation.submitter.replay.UnableToReplayDeadLettersException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code constellation dlq list [--limit N] [--all] [--json]}: the requests the workers dead-lettered and not yet
 * replayed (with {@code --all}, also those replayed), oldest first, with why; {@code constellation dlq replay
 * [--limit N] [--json]}: puts them back on the topic they came from, after a fix, each at most once
 * ({@link DeadLetterQueue}). Kafka is found as {@link ClusterAddress} says. Exit codes: 0 done, 1 a replay stopped
 * midway (what was committed stays replayed; run it again), 64 usage, 69 the cluster unreachable or the DLQ topic
 * missing.
 *
 * <p>Reasons and keys quote what producers sent; text output escapes control characters ({@link Printable}),
 * {@code --json} output has them exactly.
 */
final class DlqCommand {
  static final int DEFAULT_LIST_LIMIT = 100;
  static final int MAX_LIST_LIMIT = 10_000;
  static final int DEFAULT_REPLAY_LIMIT = 1_000;
  static final int MAX_REPLAY_LIMIT = 1_000_000;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  DlqCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("--")) {
      throw new UsageException("dlq needs a subcommand: list or replay");
    }
    List<String> rest = args.subList(1, args.size());
    Set<String> valued = Set.of("--limit", "--bootstrap-servers", "--topic-prefix");
    return switch (args.get(0)) {
      case "list" -> list(Arguments.parse(rest, Set.of("--json", "--all"), valued));
      case "replay" -> replay(Arguments.parse(rest, Set.of("--json"), valued));
      default -> throw new UsageException("unknown dlq subcommand '" + Printable.of(args.get(0))
          + "' (list or replay)");
    };
  }

  private int list(Arguments parsed) {
    noPositional(parsed);
    int limit = parsed.number("--limit", DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT);
    ClusterAddress address = address(parsed);
    DeadLetterListing listing;
    try {
      listing = queue(address).list(limit, parsed.has("--all"));
    } catch (SubmitterException e) {
      throw unavailable(address, e);
    }
    if (parsed.has("--json")) {
      ObjectNode document = Json.object();
      entries(document.putArray("deadLetters"), listing.entries());
      document.put("count", listing.entries().size());
      document.put("truncated", listing.truncated());
      out.println(Json.write(document));
      return Main.EXIT_OK;
    }
    for (DeadLetterEntry entry : listing.entries()) out.println(line(entry));
    err.println(listing.entries().size() + " dead letter(s)" + (parsed.has("--all") ? "" : " not replayed yet")
        + (listing.truncated() ? " (more exist: raise --limit, up to " + MAX_LIST_LIMIT + ")" : ""));
    return Main.EXIT_OK;
  }

  private int replay(Arguments parsed) {
    noPositional(parsed);
    int limit = parsed.number("--limit", DEFAULT_REPLAY_LIMIT, 1,
        MAX_REPLAY_LIMIT);
    boolean json = parsed.has("--json");
    ClusterAddress address = address(parsed);
    DeadLetterReplayReport report;
    try {
      report = queue(address).replay(limit, entry -> {
        if (!json) {
          err.println((entry.replayable() ? "re-submitted " : "passed over  ") + Printable.of(entry.origin())
              + (entry.replayable() ? " -> " + Printable.of(entry.originTopic())
                  : ": " + Printable.of(entry.problem())));
        }
      });
    } catch (UnableToReplayDeadLettersException e) {
      throw new CommandException(Main.EXIT_FAILED, e.getMessage());
    } catch (SubmitterException e) {
      throw unavailable(address, e);
    }
    if (json) {
      ObjectNode document = Json.object();
      entries(document.putArray("resubmitted"), report.resubmitted());
      entries(document.putArray("skipped"), report.skipped());
      document.put("more", report.more());
      out.println(Json.write(document));
    } else {
      out.println("re-submitted " + report.resubmitted().size() + " dead letter(s)"
          + (report.skipped().isEmpty() ? "" : ", passed over " + report.skipped().size() + " that cannot be replayed")
          + (report.more() ? "; more remain: run 'dlq replay' again" : ""));
    }
    return Main.EXIT_OK;
  }

  static String line(DeadLetterEntry e) {
    StringBuilder line = new StringBuilder();
    line.append(e.failedAt()).append("  ").append(Printable.of(e.origin()));
    if (e.nodeId() != null) line.append("  node ").append(Printable.of(e.nodeId()));
    if (e.key() != null) line.append("  key ").append(Printable.of(cut(e.key())));
    line.append("  ").append(Printable.of(e.reason()));
    if (e.replayedFrom() != null) {
      line.append("  [failed again after replay of ").append(Printable.of(e.replayedFrom())).append(']');
    }
    if (!e.replayable()) line.append("  [cannot replay: ").append(Printable.of(e.problem())).append(']');
    if (e.replayed()) line.append("  [replayed]");
    return line.toString();
  }

  private static void entries(ArrayNode array, List<DeadLetterEntry> entries) {
    for (DeadLetterEntry e : entries) {
      ObjectNode node = array.addObject();
      node.put("partition", e.partition());
      node.put("offset", e.offset());
      node.put("failedAt", e.failedAt().toString());
      node.put("reason", e.reason());
      node.put("origin", e.origin());
      node.put("originTopic", e.originTopic());
      node.put("node", e.nodeId());
      node.put("key", e.key());
      node.put("valueBytes", e.valueBytes());
      node.put("replayedFrom", e.replayedFrom());
      node.put("replayed", e.replayed());
      node.put("replayable", e.replayable());
      node.put("problem", e.problem());
    }
  }

  private ClusterAddress address(Arguments parsed) {
    return ClusterAddress.resolve(parsed.one("--bootstrap-servers", null), parsed.one("--topic-prefix", null), env);
  }

  private DeadLetterQueue queue(ClusterAddress address) {
    return new DeadLetterQueue(address.bootstrapServers(), new Topics(address.topicPrefix()),
        ClusterClients.CONNECT_TIMEOUT);
  }

  private static CommandException unavailable(ClusterAddress address, SubmitterException e) {
    if (e instanceof ClusterUnreachableException) {
      return CommandException.unavailable("cluster unreachable (bootstrap servers from " + address.source() + "): "
          + e.getMessage());
    }
    return CommandException.unavailable(e.getMessage());
  }

  private static void noPositional(Arguments parsed) {
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + Printable.of(parsed.positional().get(0)) + "'");
    }
  }

  private static String cut(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
