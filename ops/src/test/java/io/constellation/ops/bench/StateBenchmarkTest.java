package io.constellation.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.ops.cli.Main;
import io.constellation.testkit.EmbeddedRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bench state}: pieces 1-3 on an embedded Redis with tiny counts, the report's JSON, bad options. */
class StateBenchmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StateBenchmark.Options TINY =
      new StateBenchmark.Options(20, 50, 10_000, 2, 10, 200, 10, "-Xmx256m", Duration.ofSeconds(30));
  private static EmbeddedRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = EmbeddedRedis.onFreePort().start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) redis.close();
  }

  @Test
  void inProcessPiecesProduceTheReportShape() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    StateBenchmark.InProcessFigures figures;
    try (PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8)) {
      figures = new StateBenchmark(TINY, out).runInProcess(redis.url());
    }
    assertThat(figures.cacheHit().hitP50Micros()).isPositive();
    assertThat(figures.cacheHit().hitP99Micros()).isGreaterThanOrEqualTo(figures.cacheHit().hitP50Micros());
    assertThat(figures.cacheHit().baselineP50Micros()).isPositive();
    assertThat(figures.breakerClosedNanos()).isPositive();
    assertThat(figures.breakerOpenNanos()).isPositive();
    StateBenchmarkReport.CompileCache compile = figures.compileCache();
    assertThat(compile.requests()).isEqualTo(200);
    assertThat(compile.localHits() + compile.remoteHits() + compile.misses()).isEqualTo(200);
    // Ten pipelines over three nodes: each compiled at least once, and far more requests than pipelines hit.
    assertThat(compile.misses()).isGreaterThanOrEqualTo(10);
    assertThat(compile.remoteHits()).isPositive();
    assertThat(compile.hitRate()).isBetween(0.5, 1.0);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("compile-cache hit rate");

    StateBenchmarkReport report = new StateBenchmarkReport(figures.cacheHit(), figures.breakerClosedNanos(),
        figures.breakerOpenNanos(), compile, 1000, 950);
    JsonNode json = JSON.readTree(report.toJson());
    assertThat(json.get("cacheHitAddedMicros").get("p50").isNumber()).isTrue();
    assertThat(json.get("cacheHitAddedMicros").get("p99").isNumber()).isTrue();
    assertThat(json.get("breakerDecisionNanos").get("closed").doubleValue()).isPositive();
    assertThat(json.get("breakerDecisionNanos").get("open").doubleValue()).isPositive();
    assertThat(json.get("compileCacheHitRate").doubleValue()).isEqualTo(Math.round(compile.hitRate() * 1000) / 1000.0);
    assertThat(report.toText()).contains("compile-cache hit rate", "breaker decision", "on/off ratio");
  }

  @Test
  void reportJsonCarriesThroughputAndRatio() throws Exception {
    StateBenchmarkReport report = new StateBenchmarkReport(
        new StateBenchmarkReport.CacheHit(150.0, 400.0, 100.0, 200.0), 12.34, 56.78,
        new StateBenchmarkReport.CompileCache(3000, 2500, 450, 50), 8000, 7600);
    JsonNode json = JSON.readTree(report.toJson());
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).startsWith("cacheHitAddedMicros", "breakerDecisionNanos", "compileCacheHitRate",
        "noopPerSec", "redisOnOffRatio");
    assertThat(json.get("cacheHitAddedMicros").get("p50").doubleValue()).isEqualTo(50.0);
    assertThat(json.get("cacheHitAddedMicros").get("p99").doubleValue()).isEqualTo(300.0);
    assertThat(json.get("breakerDecisionNanos").get("closed").doubleValue()).isEqualTo(12.3);
    assertThat(json.get("breakerDecisionNanos").get("open").doubleValue()).isEqualTo(56.8);
    assertThat(json.get("compileCacheHitRate").doubleValue()).isEqualTo(0.983);
    assertThat(json.get("noopPerSec").get("redisOff").longValue()).isEqualTo(8000);
    assertThat(json.get("noopPerSec").get("redisOn").longValue()).isEqualTo(7600);
    assertThat(json.get("redisOnOffRatio").doubleValue()).isEqualTo(0.95);
    assertThat(report.toText()).contains("within 10%: met");

    StateBenchmarkReport slow = new StateBenchmarkReport(report.cacheHit(), 3000, 3000, report.compileCache(),
        8000, 4000);
    assertThat(slow.toText()).contains("within 10%: missed", "target <= 2000 ns: missed");
    StateBenchmarkReport none = new StateBenchmarkReport(report.cacheHit(), 1, 1,
        new StateBenchmarkReport.CompileCache(0, 0, 0, 0), 0, 0);
    assertThat(JSON.readTree(none.toJson()).get("redisOnOffRatio").doubleValue()).isZero();
    assertThat(JSON.readTree(none.toJson()).get("compileCacheHitRate").doubleValue()).isZero();
  }

  @Test
  void optionsRejectBadAndHostileValues() {
    assertThatThrownBy(() -> new StateBenchmark.Options(0, 0, 1, 1, 1, 1, 1, "-Xmx512m", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheRuns");
    assertThatThrownBy(() -> new StateBenchmark.Options(-1, 1, 1, 1, 1, 1, 1, "-Xmx512m", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheWarmup");
    assertThatThrownBy(() -> new StateBenchmark.Options(0, 1, Integer.MAX_VALUE, 1, 1, 1, 1, "-Xmx512m",
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("breakerCalls");
    assertThatThrownBy(() -> new StateBenchmark.Options(0, 1, 1, 1, 1, 1, 1, "-Xmx512m -jar evil.jar",
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerHeap");
    assertThatThrownBy(() -> new StateBenchmark.Options(0, 1, 1, 1, 1, 1, 1, "-Xmx512m", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phaseTimeout");
    assertThat(StateBenchmark.Options.quick().noopRequests()).isLessThan(StateBenchmark.Options.standard().noopRequests());
  }

  @Test
  void commandLineRejectsMalformedArguments() {
    assertThat(cli("bench", "state", "--bogus").exitCode).isEqualTo(64);
    assertThat(cli("bench", "state", "--fixtures", "/tmp").exitCode).isEqualTo(64);
    Outcome unknown = cli("bench", "states");
    assertThat(unknown.exitCode).isEqualTo(64);
    assertThat(unknown.stderr).contains("state");
    Outcome oversized = cli("bench", "x".repeat(100_000));
    assertThat(oversized.exitCode).isEqualTo(64);
    assertThat(cli("help").stdout).contains("bench state [--json] [--quick]");
  }

  private record Outcome(int exitCode, String stdout, String stderr) {}

  private static Outcome cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(List.of(args), o, e, Map.of());
    }
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
