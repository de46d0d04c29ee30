package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.TopicInfo;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.schemas.UnableToSetUpTopicsException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code constellation topics create|describe}: create the missing topics of a prefix (and wait until they are
 * usable), or show each topic's partitions, leaders and end offsets. Exit 0, 64 usage, 69 cluster unreachable;
 * {@code describe} exits 1 when a topic is missing or unhealthy.
 */
final class TopicsCommand {
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  TopicsCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json"), Set.of("--bootstrap-servers", "--topic-prefix"));
    String action = parsed.single("action (create or describe)");
    if (!action.equals("create") && !action.equals("describe")) {
      throw new UsageException("unknown topics action '" + action + "' (known: create, describe)");
    }
    ClusterAddress address = ClusterAddress.resolve(parsed.one("--bootstrap-servers", null),
        parsed.one("--topic-prefix", null), env);
    Topics topics = new Topics(address.topicPrefix());
    try (var admin = ClusterClients.admin(address)) {
      if (action.equals("create")) {
        TopicSetup.ensureTopics(admin, topics, CREATE_TIMEOUT);
        if (!parsed.has("--json")) err.println("topics ready at " + address.bootstrapServers() + ":");
      }
      List<TopicInfo> infos = TopicSetup.describe(admin, topics);
      print(infos, parsed.has("--json"));
      return action.equals("create") || infos.stream().allMatch(TopicInfo::healthy) ? Main.EXIT_OK : Main.EXIT_FAILED;
    } catch (UnableToSetUpTopicsException e) {
      throw CommandException.unavailable("cannot " + action + " topics at " + address.bootstrapServers()
          + " (bootstrap servers from " + address.source() + "): " + e.getMessage());
    }
  }

  private void print(List<TopicInfo> infos, boolean json) {
    if (json) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (TopicInfo info : infos) {
        ObjectNode topic = array.addObject();
        topic.put("name", info.name());
        topic.put("exists", info.exists());
        topic.put("healthy", info.healthy());
        topic.put("partitions", info.partitionCount());
        topic.put("records", info.totalEndOffset());
        ArrayNode partitions = topic.putArray("partitionDetails");
        for (TopicInfo.Partition p : info.partitions()) {
          partitions.addObject().put("partition", p.partition()).put("leader", p.leader())
              .put("replicas", p.replicas()).put("endOffset", p.endOffset());
        }
      }
      out.println(Json.write(array));
      return;
    }
    out.printf(Locale.ROOT, "%-40s %10s %8s %12s  %s%n", "TOPIC", "PARTITIONS", "LEADERS", "END OFFSETS", "STATE");
    for (TopicInfo info : infos) {
      long leaders = info.partitions().stream().filter(p -> p.leader() >= 0).count();
      String state = !info.exists() ? "missing (run 'constellation topics create')"
          : info.healthy() ? "ok" : "degraded";
      out.printf(Locale.ROOT, "%-40s %10d %8d %12d  %s%n", info.name(), info.partitionCount(), leaders,
          info.totalEndOffset(), state);
    }
  }
}
