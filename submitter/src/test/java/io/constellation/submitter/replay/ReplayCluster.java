package io.constellation.submitter.replay;

import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.submitter.ConstellationClient;
import io.constellation.testkit.TestInfrastructure;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A real worker node on topics of its own, with a module that fails "before the fix": {@code Fragile(x, key)}
 * returns {@code 10 * x}, but throws for odd {@code x} until {@code key} is {@link #fix fixed}. Each test uses its
 * own key, so fixing one test's executions does not fix another's.
 */
final class ReplayCluster implements AutoCloseable {
  static final String FRAGILE = "in x: Int\nin key: String\ny = Fragile(x, key)\nout y\n";

  final Topics topics = new Topics("replay-" + UUID.randomUUID().toString().substring(0, 8));
  final String bootstrap = TestInfrastructure.kafka().bootstrapServers();
  final String nodeId = "replay-node-" + UUID.randomUUID().toString().substring(0, 4);
  private final Set<String> fixed = ConcurrentHashMap.newKeySet();
  private final WorkerNode worker;
  final ConstellationClient client;

  ReplayCluster() throws InterruptedException {
    ModuleRegistry modules = ModuleRegistry.builder().addStandard().add(Module.builder("Fragile")
        .param("x", Type.INT).param("key", Type.STRING).returns(Type.INT)
        .implementation(args -> {
          long x = (Long) args.get("x");
          if (x % 2 != 0 && !fixed.contains((String) args.get("key"))) {
            throw new IllegalStateException("odd input " + x + " is not handled yet");
          }
          return 10 * x;
        }).build()).build();
    worker = WorkerNode.start(WorkerConfig.defaults().withNodeId(nodeId).withAdminPort(0)
        .withBootstrapServers(bootstrap).withTopicPrefix(topics.prefix()).withMaxConcurrency(8), modules);
    until("worker ready", worker::ready);
    client = ConstellationClient.builder().bootstrapServers(bootstrap).topics(topics).build();
  }

  void fix(String key) {
    fixed.add(key);
  }

  /** The results of {@code ids} on the results topic since {@code since}, waiting until all are there. */
  Map<String, ExecutionResult> awaitResults(Collection<String> ids, Instant since) throws InterruptedException {
    Set<String> wanted = new HashSet<>(ids);
    Map<String, ExecutionResult> found = new HashMap<>();
    until("results of " + wanted, () -> {
      client.scanResults(wanted::contains, since, r -> found.putIfAbsent(r.getExecutionId(), r));
      return found.keySet().containsAll(wanted);
    });
    return found;
  }

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    client.close();
    worker.close();
  }
}
