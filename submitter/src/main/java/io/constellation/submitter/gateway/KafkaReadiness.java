package io.constellation.submitter.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready when a Kafka broker answers a describe-cluster call within {@code timeout}.
 *
 * <p>Implementation notes: {@code /health/ready} is served without an API key, so each probe must not cost a Kafka
 * round trip: an answer is reused for {@code reuseFor}, and while one thread asks Kafka, others get the previous
 * answer (or wait for the first one) instead of asking too.
 *
 * <p>Thread-safety: thread-safe. Owns its admin client; {@link #close()} closes it.
 */
public final class KafkaReadiness implements ReadinessCheck, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

  private record Answer(Readiness readiness, Instant at) {}

  private final Admin admin;
  private final String bootstrapServers;
  private final Duration timeout;
  private final Duration reuseFor;
  private final InstantSource clock;
  private final AtomicReference<Answer> last = new AtomicReference<>();
  private final ReentrantLock asking = new ReentrantLock();

  private KafkaReadiness(Admin admin, String bootstrapServers, Duration timeout, Duration reuseFor,
      InstantSource clock) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
    this.reuseFor = reuseFor;
    this.clock = clock;
  }

  /** A check of {@code bootstrapServers} with a 2 s timeout, answers reused for 1 s. */
  public static KafkaReadiness create(String bootstrapServers) {
    return create(bootstrapServers, Duration.ofSeconds(2), Duration.ofSeconds(1), InstantSource.system());
  }

  public static KafkaReadiness create(String bootstrapServers, Duration timeout, Duration reuseFor,
      InstantSource clock) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    if (reuseFor.isNegative()) throw new IllegalArgumentException("reuseFor must not be negative");
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "constellation-gateway-readiness",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
    return new KafkaReadiness(admin, bootstrapServers, timeout, reuseFor, clock);
  }

  @Override
  public Readiness check() {
    Answer previous = last.get();
    if (previous != null && fresh(previous)) return previous.readiness();
    if (previous == null) {
      asking.lock();                      // nothing to answer with yet: wait for the first answer
    } else if (!asking.tryLock()) {
      return previous.readiness();        // another probe is asking Kafka right now
    }
    try {
      Answer current = last.get();
      if (current != null && fresh(current)) return current.readiness(); // answered while we waited
      Readiness answer = ask();
      last.set(new Answer(answer, clock.instant()));
      return answer;
    } finally {
      asking.unlock();
    }
  }

  private boolean fresh(Answer answer) {
    return !clock.instant().isAfter(answer.at().plus(reuseFor));
  }

  private Readiness ask() {
    try {
      Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions()
              .timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())))
          .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Readiness.ready(Map.of("kafka", "reachable", "brokers", Integer.toString(nodes.size())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Readiness.notReady("interrupted while asking Kafka", Map.of("kafka", "unknown"));
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Kafka at {} did not answer: {}", bootstrapServers, e.toString());
      return Readiness.notReady("no Kafka broker answered at " + bootstrapServers + " within "
          + DurationText.format(timeout), Map.of("kafka", "unreachable"));
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
