package io.constellation.submitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The latency {@code /run} adds over the Java client, on the test cluster. Not part of the default test run (the
 * class name is not a test name); run it with
 * {@code ./mvnw -o -pl submitter test -Dtest=GatewayLatencyBenchmark -Dgateway.bench.runs=500
 * -Dgateway.bench.warmup=300}. It prints the
 * figures and asserts only that every run completed.
 */
@ExtendWith(GatewayCluster.Extension.class)
final class GatewayLatencyBenchmark {

  @Test
  void measure_addedLatencyOfRun(GatewayCluster cluster) throws InterruptedException {
    int runs = Integer.getInteger("gateway.bench.runs", 200);
    // The HTTP stacks (client and server) take a few hundred requests to be compiled; fewer, and the figure shows
    // the JIT rather than the gateway.
    int warmup = Integer.getInteger("gateway.bench.warmup", 300);
    ObjectNode inputs = Api.JSON.createObjectNode().put("x", 21);

    GatewayLatency.LatencyReport report = GatewayLatency.measure(cluster.client(), cluster.gateway().uri(),
        GatewayCluster.KEY, GatewayCluster.DOUBLE, inputs, runs, warmup);

    System.out.println("gateway latency: " + report);
    assertThat(report.runs()).isEqualTo(runs);
  }
}
