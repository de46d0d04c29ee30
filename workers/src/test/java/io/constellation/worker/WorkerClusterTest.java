package io.constellation.worker;

import static io.constellation.worker.KafkaFixture.await;
import static io.constellation.worker.KafkaFixture.request;
import static io.constellation.worker.KafkaFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several nodes in one group: exactly-once results through close, restart, crash and load. */
@Timeout(120)
final class WorkerClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(55);

  private final KafkaFixture kafka = new KafkaFixture();
  private final TestModules modules = new TestModules(20);
  private final List<WorkerNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (WorkerNode node : nodes) node.close();
    kafka.close();
  }

  private WorkerNode start(WorkerConfig config, TestModules with) {
    WorkerNode node = WorkerNode.start(config, with.registry());
    nodes.add(node);
    return node;
  }

  /** Produces {@code count} Avro requests without waiting for each ack. */
  private void submitAll(String prefix, int count, String source) {
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      kafka.producer.send(new ProducerRecord<>(kafka.topics.requests(), utf8(id), KafkaFixture.REQUESTS.encode(
          request(id, source, "{\"text\":\"" + id + "\"}").build(), Encoding.AVRO)));
    }
    kafka.producer.flush();
  }

  private static void assertEachIdOnce(List<ConsumerRecord<byte[], byte[]>> records, Map<String,
      List<ExecutionResult>> byId, int expected) {
    List<String> duplicated = byId.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
        .toList();
    assertThat(duplicated).as("executionIds published more than once").isEmpty();
    assertThat(byId).hasSize(expected);
    assertThat(records).hasSize(expected);
  }

  @Test
  void close_inFlightWork_isDrainedAndCommitted_soARestartedNodeRedoesNothing() {
    TestModules slow = new TestModules(150);
    WorkerNode first = start(kafka.config("node-a").withMaxConcurrency(4), slow);
    submitAll("drain-", 12, TestModules.NAP);
    await("all 12 taken and some running", WAIT,
        () -> first.schedulerStats().submitted() == 12 && first.schedulerStats().active() > 0);
    int unfinished = first.schedulerStats().active() + first.schedulerStats().queued();

    first.close();

    assertThat(unfinished).isPositive();
    assertThat(first.state()).isEqualTo(WorkerNode.State.CLOSED);
    assertThat(first.ready()).isFalse();
    KafkaFixture.Reader results = kafka.results();
    List<ConsumerRecord<byte[], byte[]>> afterClose = results.readToEnd();
    assertThat(afterClose).as("every execution in flight at close() was finished and committed").hasSize(12);

    start(kafka.config("node-a"), modules);
    submitAll("marker-", 1, TestModules.SHOUT);
    results.awaitKeys(13, WAIT);
    assertEachIdOnce(results.readToEnd(), results.resultsById(), 13);
  }

  @Test
  void threeWorkers_10000Requests_exactlyOneResultEach() {
    List<WorkerNode> three = new ArrayList<>();
    for (String id : List.of("node-a", "node-b", "node-c")) three.add(start(kafka.config(id), modules));
    await("the 12 partitions spread over the three nodes", WAIT, () -> three.stream().allMatch(WorkerNode::ready)
        && three.stream().allMatch(n -> n.assignedPartitions() > 0)
        && three.stream().mapToInt(WorkerNode::assignedPartitions).sum() == 12);
    submitAll("load-", 10_000, TestModules.SHOUT);

    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(10_000, WAIT);
    List<ConsumerRecord<byte[], byte[]>> records = results.readToEnd();

    Map<String, List<ExecutionResult>> byId = results.resultsById();
    assertEachIdOnce(records, byId, 10_000);
    assertThat(byId.values()).allSatisfy(list -> assertThat(list.get(0).getStatus()).isEqualTo(ExecutionStatus.COMPLETED));
    Set<String> workers = byId.values().stream().map(list -> list.get(0).getNodeId()).collect(Collectors.toSet());
    assertThat(workers).as("nodes that published results").hasSizeGreaterThan(1);
  }

  @Test
  void kill_midBatch_everyResultStillArrivesExactlyOnce() {
    WorkerNode victim = start(kafka.config("node-a").withMaxConcurrency(8), modules);
    start(kafka.config("node-b").withMaxConcurrency(8), modules);
    submitAll("crash-", 1_000, TestModules.NAP);
    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(150, WAIT);
    await("the victim has work in flight", WAIT, () -> victim.schedulerStats().active() > 0);

    victim.kill();
    // the restarted node fences the dead one's transactional id, aborting a transaction it may have left open
    start(kafka.config("node-a").withMaxConcurrency(8), modules);

    results.awaitKeys(1_000, WAIT);
    assertEachIdOnce(results.readToEnd(), results.resultsById(), 1_000);
  }

  @Test
  void kill_afterResultsAboveAStuckOffset_nextOwnerSkipsThemAndRunsOnlyTheStuckOne() {
    TestModules first = new TestModules();
    WorkerNode victim = start(kafka.config("node-a"), first);
    // one partition, in order: a request that blocks, then five that finish at once
    kafka.send(new ProducerRecord<>(kafka.topics.requests(), 0, utf8("stuck"), KafkaFixture.REQUESTS.encode(
        request("stuck", TestModules.BLOCK, "{\"text\":\"s\"}").build(), Encoding.AVRO)));
    for (int i = 0; i < 5; i++) {
      kafka.send(new ProducerRecord<>(kafka.topics.requests(), 0, utf8("after-" + i), KafkaFixture.REQUESTS.encode(
          request("after-" + i, TestModules.COUNTED, "{\"text\":\"a\"}").build(), Encoding.AVRO)));
    }
    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(5, WAIT); // published and committed while offset 0 is still running
    assertThat(first.calls).hasValue(5);

    victim.kill();
    TestModules second = new TestModules();
    second.release.countDown();
    start(kafka.config("node-a"), second);

    results.awaitKeys(6, WAIT);
    assertEachIdOnce(results.readToEnd(), results.resultsById(), 6);
    assertThat(second.calls).as("requests already answered are not run again").hasValue(0);
    first.release.countDown();
  }
}
