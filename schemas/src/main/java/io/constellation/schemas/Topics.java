package io.constellation.schemas;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of Constellation's topics under one prefix ({@code constellation.requests}, ...).
 *
 * <pre>{@code
 * Topics topics = new Topics(config.topicPrefix());
 * consumer.subscribe(List.of(topics.requests()));
 * }</pre>
 *
 * @param prefix the first part of every topic name: letters, digits, '.', '_' and '-', at most 200 characters
 */
public record Topics(String prefix) {
  // Kafka's own rule (Topic.validate): [a-zA-Z0-9._-], at most 249 characters. 200 leaves room for the suffixes.
  // Declared before DEFAULT: static fields initialise in order, and DEFAULT's constructor reads it.
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  /** The default prefix, {@code constellation}. */
  public static final Topics DEFAULT = new Topics("constellation");

  public Topics {
    if (prefix == null || !LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException("topic prefix must be 1 to 200 of [a-zA-Z0-9._-], was "
          + (prefix == null ? "null" : "'" + prefix + "'"));
    }
  }

  /** Unpinned execution requests, read by the worker group: {@code <prefix>.requests}. */
  public String requests() {
    return prefix + ".requests";
  }

  /** Requests pinned to a node (key = node id): {@code <prefix>.requests.pinned}. */
  public String pinned() {
    return prefix + ".requests.pinned";
  }

  /** Execution results (key = executionId), written transactionally: {@code <prefix>.results}. */
  public String results() {
    return prefix + ".results";
  }

  /** Requests that could not be decoded or processed: {@code <prefix>.requests.dlq}. */
  public String dlq() {
    return prefix + ".requests.dlq";
  }

  /** Aggregated statistics from the streams app: {@code <prefix>.stats}. */
  public String stats() {
    return prefix + ".stats";
  }

  /** Every topic, in the order requests, pinned, results, dlq, stats. */
  public List<String> all() {
    return List.of(requests(), pinned(), results(), dlq(), stats());
  }

  /**
   * The partition count a topic is created with: 12 for requests, pinned and results, 3 for dlq and stats.
   *
   * @throws IllegalArgumentException if {@code topic} is not one of {@link #all()}
   */
  public int defaultPartitions(String topic) {
    if (topic.equals(requests()) || topic.equals(pinned()) || topic.equals(results())) return 12;
    if (topic.equals(dlq()) || topic.equals(stats())) return 3;
    throw new IllegalArgumentException("'" + topic + "' is not a topic of prefix '" + prefix + "'; known: " + all());
  }
}
