package io.constellation.ops.cli;

import java.util.Map;
import java.util.Optional;

/**
 * Where the cluster commands ({@code submit}, {@code batch}, {@code topics}) find Kafka and which topic prefix they
 * use. Bootstrap servers: {@code --bootstrap-servers} > {@code KAFKA_BOOTSTRAP_SERVERS} > a live
 * {@code constellation dev} ({@link DevState}) > {@code localhost:9092}. Topic prefix: {@code --topic-prefix} >
 * {@code CONSTELLATION_TOPIC_PREFIX} > the dev cluster's > {@code constellation}.
 *
 * @param source where the bootstrap servers came from, for messages ("flag", "environment", "dev cluster",
 *     "default")
 */
record ClusterAddress(String bootstrapServers, String topicPrefix, String source) {
  static final String DEFAULT_BOOTSTRAP = "localhost:9092";
  static final String DEFAULT_PREFIX = "constellation";

  static ClusterAddress resolve(String bootstrapFlag, String prefixFlag, Map<String, String> env) {
    Optional<DevState> dev = Optional.empty();
    if (isBlank(bootstrapFlag) && isBlank(env.get("KAFKA_BOOTSTRAP_SERVERS"))
        || isBlank(prefixFlag) && isBlank(env.get("CONSTELLATION_TOPIC_PREFIX"))) {
      dev = DevState.findLive(env);
    }
    String bootstrap;
    String source;
    if (!isBlank(bootstrapFlag)) {
      bootstrap = bootstrapFlag;
      source = "--bootstrap-servers";
    } else if (!isBlank(env.get("KAFKA_BOOTSTRAP_SERVERS"))) {
      bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
      source = "KAFKA_BOOTSTRAP_SERVERS";
    } else if (dev.isPresent()) {
      bootstrap = dev.get().bootstrapServers();
      source = "the dev cluster (pid " + dev.get().pid() + ")";
    } else {
      bootstrap = DEFAULT_BOOTSTRAP;
      source = "the default";
    }
    String prefix;
    if (!isBlank(prefixFlag)) {
      prefix = prefixFlag;
    } else if (!isBlank(env.get("CONSTELLATION_TOPIC_PREFIX"))) {
      prefix = env.get("CONSTELLATION_TOPIC_PREFIX");
    } else {
      prefix = dev.map(DevState::topicPrefix).orElse(DEFAULT_PREFIX);
    }
    if (!prefix.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new UsageException("topic prefix must be 1 to 200 of [a-zA-Z0-9._-], got '" + prefix + "'");
    }
    return new ClusterAddress(bootstrap.strip(), prefix, source);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
