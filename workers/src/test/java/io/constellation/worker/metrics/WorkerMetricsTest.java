package io.constellation.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.worker.scheduler.SchedulerStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

final class WorkerMetricsTest {

  private final WorkerMetrics metrics = new WorkerMetrics("node-1", 32);

  @Test
  void toJson_fresh_hasTheGuidesShapeWithZeros() {
    ObjectNode json = metrics.toJson();

    assertThat(json.path("node").asText()).isEqualTo("node-1");
    for (String field : new String[] {"activeCount", "queuedCount", "totalSubmitted", "totalCompleted",
        "highPriorityCompleted", "lowPriorityCompleted", "starvationPromotions"}) {
      assertThat(json.path("scheduler").path(field).isNumber()).as(field).isTrue();
      assertThat(json.path("scheduler").path(field).asLong()).as(field).isZero();
    }
    for (String status : WorkerMetrics.STATUSES) {
      assertThat(json.path("execution").path("byStatus").path(status).asLong()).isZero();
    }
    for (String timer : new String[] {"duration_ms", "queue_ms"}) {
      JsonNode node = json.path("execution").path(timer);
      assertThat(node.fieldNames()).toIterable().containsExactly("p50", "p95", "p99", "max", "count");
      assertThat(node.path("count").asLong()).isZero();
    }
    assertThat(json.path("kafka").path("lag").isObject()).isTrue();
    assertThat(json.path("dlq").path("count").asLong()).isZero();
  }

  @Test
  void executionFinished_countsByStatusAndComputesPercentilesInMillis() {
    for (int ms = 1; ms <= 100; ms++) {
      metrics.executionFinished(ms % 10 == 0 ? "FAILED" : "COMPLETED", Duration.ofMillis(2 * ms),
          Duration.ofMillis(ms));
    }
    metrics.executionFinished("REJECTED", Duration.ZERO, Duration.ZERO);

    JsonNode execution = metrics.toJson().path("execution");

    assertThat(execution.path("byStatus").path("COMPLETED").asLong()).isEqualTo(90);
    assertThat(execution.path("byStatus").path("FAILED").asLong()).isEqualTo(10);
    assertThat(execution.path("byStatus").path("REJECTED").asLong()).isEqualTo(1);
    assertThat(execution.path("byStatus").path("EXPIRED").asLong()).isZero();
    JsonNode run = execution.path("duration_ms");
    assertThat(run.path("count").asLong()).isEqualTo(101);
    assertThat(run.path("p50").asDouble()).isBetween(49.0, 51.0);
    assertThat(run.path("p95").asDouble()).isBetween(94.0, 96.0);
    assertThat(run.path("p99").asDouble()).isBetween(98.0, 100.0);
    assertThat(run.path("max").asDouble()).isEqualTo(100.0);
    JsonNode queued = execution.path("queue_ms");
    assertThat(queued.path("max").asDouble()).isEqualTo(200.0);
    assertThat(queued.path("p50").asDouble()).isBetween(98.0, 102.0);
  }

  @Test
  void windowCommitted_showsCommitTimesAndWindowSizes() {
    for (int i = 1; i <= 100; i++) metrics.windowCommitted(10 * i, Duration.ofMillis(i));

    JsonNode publish = metrics.toJson().path("publish");

    assertThat(publish.path("commit_ms").path("count").asLong()).isEqualTo(100);
    assertThat(publish.path("commit_ms").path("p50").asDouble()).isBetween(49.0, 51.0);
    assertThat(publish.path("commit_ms").path("max").asDouble()).isEqualTo(100.0);
    assertThat(publish.path("windowSize").path("p50").asLong()).isBetween(490L, 510L);
    assertThat(publish.path("windowSize").path("max").asLong()).isEqualTo(1000);
    assertThat(metrics.prometheusText()).contains("publish_commit", "publish_windowSize");
  }

  @Test
  void executionFinished_negativeDurations_countAsZero() {
    metrics.executionFinished("EXPIRED", Duration.ofSeconds(-5), Duration.ofSeconds(-1));

    JsonNode execution = metrics.toJson().path("execution");
    assertThat(execution.path("byStatus").path("EXPIRED").asLong()).isEqualTo(1);
    assertThat(execution.path("duration_ms").path("max").asDouble()).isZero();
    assertThat(execution.path("queue_ms").path("max").asDouble()).isZero();
  }

  @Test
  void executionFinished_unknownStatus_isRejectedAndNotCounted() {
    assertThatThrownBy(() -> metrics.executionFinished("DONE", Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be one of [COMPLETED, FAILED, REJECTED, EXPIRED], was DONE");
    assertThat(metrics.toJson().path("execution").path("duration_ms").path("count").asLong()).isZero();
  }

  @Test
  void schedulerStats_supplierIsReadOnEveryScrape() {
    AtomicReference<SchedulerStats> stats = new AtomicReference<>(new SchedulerStats(1, 2, 3, 4, 5, 6, 7));
    metrics.schedulerStats(stats::get);

    JsonNode first = metrics.toJson().path("scheduler");
    stats.set(new SchedulerStats(0, 9, 10, 10, 0, 0, 1));
    JsonNode second = metrics.toJson().path("scheduler");

    assertThat(first.path("activeCount").asInt()).isEqualTo(1);
    assertThat(first.path("queuedCount").asInt()).isEqualTo(2);
    assertThat(first.path("totalSubmitted").asLong()).isEqualTo(3);
    assertThat(first.path("totalCompleted").asLong()).isEqualTo(4);
    assertThat(first.path("highPriorityCompleted").asLong()).isEqualTo(5);
    assertThat(first.path("lowPriorityCompleted").asLong()).isEqualTo(6);
    assertThat(first.path("starvationPromotions").asLong()).isEqualTo(7);
    assertThat(second.path("queuedCount").asInt()).isEqualTo(9);
    assertThat(metrics.registry().getGauges().get("scheduler.queuedCount").getValue()).isEqualTo(9);
  }

  @Test
  void maxConcurrency_isShownBesideTheQueue_forCapacityAlerts() {
    assertThat(metrics.toJson().path("scheduler").path("maxConcurrency").asInt()).isEqualTo(32);
    assertThat(metrics.registry().getGauges().get("scheduler.maxConcurrency").getValue()).isEqualTo(32);
    assertThat(metrics.prometheusText()).contains("scheduler_maxConcurrency 32");
  }

  @Test
  void schedulerStats_supplierThrows_scrapeStillAnswersZeros() {
    metrics.schedulerStats(() -> {
      throw new IllegalStateException("closed");
    });

    assertThat(metrics.toJson().path("scheduler").path("activeCount").asInt()).isZero();
    assertThat(metrics.prometheusText()).contains("scheduler_activeCount");
  }

  @Test
  void lagSupplier_perPartitionInJsonAndAsGauges_followsReassignment() {
    AtomicReference<Map<TopicPartition, Long>> lag = new AtomicReference<>(Map.of(
        new TopicPartition("constellation.requests", 3), 12L,
        new TopicPartition("constellation.requests", 1), 5L));
    metrics.lagSupplier(lag::get);

    JsonNode first = metrics.toJson().path("kafka").path("lag");
    assertThat(first.fieldNames()).toIterable()
        .containsExactly("constellation.requests-1", "constellation.requests-3");
    assertThat(first.path("constellation.requests-3").asLong()).isEqualTo(12);
    assertThat(metrics.registry().getGauges().get("kafka.totalLag").getValue()).isEqualTo(17L);

    lag.set(Map.of(new TopicPartition("constellation.requests", 1), 2L));
    JsonNode second = metrics.toJson().path("kafka").path("lag");

    assertThat(second.fieldNames()).toIterable().containsExactly("constellation.requests-1");
    assertThat(metrics.registry().getGauges()).containsKey("kafka.lag.constellation.requests.1")
        .doesNotContainKey("kafka.lag.constellation.requests.3");
  }

  @Test
  void lagSupplier_throwsOrReturnsNullOrNegative_scrapeStillAnswers() {
    metrics.lagSupplier(() -> {
      throw new IllegalStateException("rebalancing");
    });
    assertThat(metrics.toJson().path("kafka").path("lag").size()).isZero();

    metrics.lagSupplier(() -> null);
    assertThat(metrics.toJson().path("kafka").path("lag").size()).isZero();

    Map<TopicPartition, Long> odd = new LinkedHashMap<>();
    odd.put(new TopicPartition("t", 0), -4L);
    odd.put(new TopicPartition("t", 1), null);
    metrics.lagSupplier(() -> odd);
    assertThat(metrics.toJson().path("kafka").path("lag").path("t-0").asLong()).isZero();
    assertThat(metrics.toJson().path("kafka").path("lag").has("t-1")).isFalse();
  }

  @Test
  void dlqRecord_countsTotalAndByReason() {
    metrics.dlqRecord("undecodable");
    metrics.dlqRecord("undecodable");
    metrics.dlqRecord("oversized");

    JsonNode dlq = metrics.toJson().path("dlq");

    assertThat(dlq.path("count").asLong()).isEqualTo(3);
    assertThat(dlq.path("byReason").path("undecodable").asLong()).isEqualTo(2);
    assertThat(dlq.path("byReason").path("oversized").asLong()).isEqualTo(1);
  }

  @Test
  void dlqRecord_hostileReasons_areSanitisedAndBounded() {
    metrics.dlqRecord(null);
    metrics.dlqRecord("Bad JSON: {\"x\"\n}" + "y".repeat(10_000));
    for (int i = 0; i < 1_000; i++) {
      metrics.dlqRecord("reason-" + i);
    }

    JsonNode dlq = metrics.toJson().path("dlq");

    assertThat(dlq.path("count").asLong()).isEqualTo(1_002);
    assertThat(dlq.path("byReason").size()).isLessThanOrEqualTo(WorkerMetrics.MAX_DLQ_REASONS + 1);
    assertThat(dlq.path("byReason").path("unknown").asLong()).isEqualTo(1);
    assertThat(dlq.path("byReason").path("other").asLong()).isPositive();
    dlq.path("byReason").fieldNames().forEachRemaining(name -> assertThat(name).matches("[a-z0-9_-]{1,48}"));
    assertThat(metrics.prometheusText()).contains("dlq_byReason_other");
  }

  @Test
  void prometheusText_containsTheMetricNamesAndValues() {
    metrics.executionFinished("COMPLETED", Duration.ofMillis(1), Duration.ofMillis(3));
    metrics.dlqRecord("undecodable");
    metrics.schedulerStats(() -> new SchedulerStats(2, 5, 7, 0, 0, 0, 0));
    metrics.lagSupplier(() -> Map.of(new TopicPartition("constellation.requests", 0), 42L));

    String text = metrics.prometheusText();

    assertThat(text).contains(
        "execution_byStatus_COMPLETED_total 1",
        "execution_duration",
        "execution_queue",
        "dlq_count",
        "dlq_byReason_undecodable",
        "scheduler_queuedCount 5",
        "scheduler_activeCount 2",
        "kafka_totalLag 42",
        "kafka_lag_constellation_requests_0 42",
        "jvm_memory_heap_used");
    assertThat(text).contains("# TYPE ");
    assertThat(PrometheusExport.CONTENT_TYPE).startsWith("text/plain");
  }
}
