package io.constellation.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench cluster --json} prints one object in the documented shape; the ratio takes the best no-op run. */
class ClusterBenchmarkReportTest {
  private final ClusterBenchmarkReport report = new ClusterBenchmarkReport(40_000, 60_000,
      Map.of(1, 20_000.0, 2, 30_000.0), Map.of(1, 15_000.0, 2, 25_000.0), 12.34, 45.67, 11_000, 12_800,
      List.of(new ClusterBenchmarkReport.WorkerMemory("noop-1", "noop-1-1", 100L << 20, 300L << 20)),
      List.of(new ClusterBenchmarkReport.PhaseCpu("bare-loop", 0, 21.04),
          new ClusterBenchmarkReport.PhaseCpu("noop-1", 55.55, 60.0)));

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("bareLoopPerSec").asLong()).isEqualTo(40_000);
    assertThat(json.get("bareDrainPerSec").asLong()).isEqualTo(60_000);
    assertThat(json.at("/noopPerSec/1").asLong()).isEqualTo(20_000);
    assertThat(json.at("/noopPerSec/2").asLong()).isEqualTo(30_000);
    assertThat(json.at("/wordcountPerSec/2").asLong()).isEqualTo(25_000);
    assertThat(json.get("ratioToBareLoop").asDouble()).isEqualTo(0.75);
    assertThat(json.at("/latencyMs/p50").asDouble()).isEqualTo(12.3);
    assertThat(json.at("/latencyMs/p99").asDouble()).isEqualTo(45.7);
    assertThat(json.at("/ioBound/perSec").asLong()).isEqualTo(11_000);
    assertThat(json.at("/ioBound/idealPerSec").asLong()).isEqualTo(12_800);
    assertThat(json.at("/workers/0/peakHeapMb").asDouble()).isEqualTo(100.0);
    assertThat(json.at("/cpuMicrosPerRequest/bare-loop/brokerAndClient").asDouble()).isEqualTo(21.0);
    assertThat(json.at("/cpuMicrosPerRequest/noop-1/workers").asDouble()).isEqualTo(55.6);
  }

  @Test
  void textNamesBothCeilingsAndTheRatio() {
    assertThat(report.toText()).contains("40,000 /s", "draining a backlog: 60,000 /s", "(0.75 of bare)",
        "11,000 /s of ideal 12,800 /s (86%)");
    assertThat(report.toText()).containsPattern("noop-1\\s+55\\.6\\s+60\\.0");
  }
}
