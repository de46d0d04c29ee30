package io.constellation.submitter.gateway;

import com.codahale.metrics.MetricRegistry;
import io.constellation.engine.Compiler;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.schemas.Topics;
import io.constellation.streams.StatsView;
import io.constellation.submitter.ConstellationClient;
import io.constellation.testkit.KafkaService;
import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The gateway tests' cluster, started once per test JVM and closed when the test run ends: the shared Kafka and
 * PostgreSQL, two real worker nodes ({@value #NODE_1}, {@value #NODE_2}) on topics of their own, a client, the
 * execution history, a statistics view and a gateway with two API keys, on a free port of the loopback interface.
 *
 * <pre>{@code
 * @ExtendWith(GatewayCluster.Extension.class)
 * final class SomeGatewayTest {
 *   @Test void something(GatewayCluster cluster) { cluster.api().post("/run", ...); }
 * }
 * }</pre>
 */
final class GatewayCluster implements AutoCloseable {
  static final String KEY = "test-key-0123456789abcdef";
  static final String OTHER_KEY = "other.key-0123456789_ABCDEF";
  static final String NODE_1 = "gw-1";
  static final String NODE_2 = "gw-2";
  static final String DOUBLE = "in x: Int\ndoubled = x * 2\nout doubled\n";

  private final KafkaService kafka;
  private final PostgresService postgres;
  private final Topics topics;
  private final List<WorkerNode> workers = new ArrayList<>();
  private final ConstellationClient client;
  private final HistoryDatabase history;
  private final KafkaReadiness readiness;
  private final StatsView stats;
  private final MetricRegistry metrics = new MetricRegistry();
  private final Gateway gateway;
  private final Api api;

  private GatewayCluster() throws InterruptedException {
    kafka = TestInfrastructure.kafka();
    postgres = TestInfrastructure.postgres();
    topics = new Topics("gateway-" + UUID.randomUUID().toString().substring(0, 8));
    for (String id : List.of(NODE_1, NODE_2)) {
      workers.add(WorkerNode.start(WorkerConfig.defaults().withNodeId(id).withAdminPort(0)
          .withBootstrapServers(kafka.bootstrapServers()).withTopicPrefix(topics.prefix()).withMaxConcurrency(8),
          ModuleRegistry.standard()));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!workers.stream().allMatch(WorkerNode::ready)) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("workers not ready within 90 s");
      Thread.sleep(50);
    }
    client = ConstellationClient.builder().bootstrapServers(kafka.bootstrapServers()).topics(topics).build();
    history = HistoryDatabase.open(new HistorySettings(postgres.jdbcUrl(), postgres.user(), postgres.password(), 4));
    readiness = KafkaReadiness.create(kafka.bootstrapServers());
    stats = StatsView.start(kafka.bootstrapServers(), topics);
    gateway = Gateway.start(settings(), services().withHistory(history.executions()).withStats(stats));
    api = new Api(gateway.uri(), KEY);
  }

  /** Settings of the shared gateway: two keys, loopback, any port. */
  static GatewaySettings settings() {
    return GatewaySettings.withKeys(0, List.of(KEY, OTHER_KEY)).withHost("127.0.0.1");
  }

  /** Services without history or statistics, over this cluster's client (for gateways a test starts itself). */
  GatewayServices services() {
    return GatewayServices.of(client, Compiler.create(ModuleRegistry.standard()), readiness, metrics);
  }

  Api api() {
    return api;
  }

  Gateway gateway() {
    return gateway;
  }

  ConstellationClient client() {
    return client;
  }

  HistoryDatabase history() {
    return history;
  }

  Topics topics() {
    return topics;
  }

  PostgresService postgres() {
    return postgres;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Closes in reverse order of start. */
  @Override
  public void close() {
    gateway.close();
    stats.close();
    readiness.close();
    client.close();
    workers.forEach(WorkerNode::close);
    history.close();
  }

  /** Resolves {@link GatewayCluster} parameters with the one cluster of the test run. */
  static final class Extension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GatewayCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == GatewayCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // The root store outlives every test class and closes the cluster once the run ends.
      return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(GatewayCluster.class, key -> {
        try {
          return new GatewayCluster();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting the gateway cluster", e);
        }
      }, GatewayCluster.class);
    }
  }
}
