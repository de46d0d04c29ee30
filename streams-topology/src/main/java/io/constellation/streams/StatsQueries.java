package io.constellation.streams;

import io.constellation.streams.WindowStats.Dimension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries over the app's 1-minute windows, from {@link StreamsApp#stats()}.
 *
 * <pre>{@code
 * List<WindowStats> lastHour = app.stats().pipeline("checkout", now.minus(Duration.ofHours(1)), now);
 * }</pre>
 *
 * <p>A range selects the windows that <em>start</em> within {@code [from, to]}, both inclusive; results are ordered
 * by window start, then dimension and key. Windows are kept for {@link StreamsSettings#statsRetention()}. The
 * answers come from this instance's stores: with several instances each holds the partitions it was assigned, so a
 * cluster-wide view reads {@code constellation.stats} instead ({@link StatsView}).
 *
 * <p>Thread-safety: thread-safe.
 */
public final class StatsQueries {
  private static final Comparator<WindowStats> ORDER = Comparator.comparing(WindowStats::windowStart)
      .thenComparing(WindowStats::dimension).thenComparing(WindowStats::key);

  private final KafkaStreams streams;

  StatsQueries(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * The windows of one pipeline ({@code io.constellation.history.PipelineName}).
   *
   * @throws UnableToQueryStatsException while the stores are not available (starting, rebalancing, closed)
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  public List<WindowStats> pipeline(String pipeline, Instant from, Instant to) {
    return key(Dimension.PIPELINE, pipeline, from, to);
  }

  /**
   * The windows of one worker node.
   *
   * @throws UnableToQueryStatsException while the stores are not available (starting, rebalancing, closed)
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  public List<WindowStats> node(String nodeId, Instant from, Instant to) {
    return key(Dimension.NODE, nodeId, from, to);
  }

  /**
   * Every pipeline's and node's windows.
   *
   * @throws UnableToQueryStatsException while the stores are not available (starting, rebalancing, closed)
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  public List<WindowStats> all(Instant from, Instant to) {
    checkRange(from, to);
    List<WindowStats> out = new ArrayList<>();
    try (KeyValueIterator<Windowed<String>, WindowAggregate> windows = store().fetchAll(from, to)) {
      while (windows.hasNext()) {
        KeyValue<Windowed<String>, WindowAggregate> next = windows.next();
        out.add(WindowStats.of(next.key.key(), next.key.window().startTime(), next.key.window().endTime(),
            next.value));
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
    out.sort(ORDER);
    return out;
  }

  private List<WindowStats> key(Dimension dimension, String key, Instant from, Instant to) {
    Objects.requireNonNull(key, "key");
    checkRange(from, to);
    String storeKey = dimension.storeKey(key);
    List<WindowStats> out = new ArrayList<>();
    try (WindowStoreIterator<WindowAggregate> windows = store().fetch(storeKey, from, to)) {
      while (windows.hasNext()) {
        KeyValue<Long, WindowAggregate> next = windows.next();
        Instant start = Instant.ofEpochMilli(next.key);
        out.add(WindowStats.of(storeKey, start, start.plus(TopologyFactory.WINDOW), next.value));
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
    out.sort(ORDER);
    return out;
  }

  private ReadOnlyWindowStore<String, WindowAggregate> store() {
    return streams.store(StoreQueryParameters.fromNameAndType(TopologyFactory.STATS_STORE,
        QueryableStoreTypes.<String, WindowAggregate>windowStore()));
  }

  private UnableToQueryStatsException unavailable(InvalidStateStoreException e) {
    return new UnableToQueryStatsException("statistics are not available while the streams app is "
        + streams.state() + "; retry shortly", e);
  }

  private static void checkRange(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isAfter(to)) throw new IllegalArgumentException("from must not be after to, was " + from + " > " + to);
  }
}
