package io.constellation.ops.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The figures of one {@code bench state} run (issue 4): what Redis-backed state adds to a cache-hit module call
 * and to the breaker decision, the cross-node compile-cache hit rate, and end-to-end no-op throughput with Redis
 * off and on.
 *
 * @param cacheHit execute times of the cached pipeline (all hits) and of the same pipeline without cache
 * @param breakerClosedNanos mean cost of one {@code tryAcquirePermission} on a closed circuit (median of rounds)
 * @param breakerOpenNanos the same on an open circuit
 * @param compileCache counts of the three-node compile-cache workload
 * @param noopRedisOffPerSec no-op pipeline throughput, one worker without Redis
 * @param noopRedisOnPerSec the same with {@code REDIS_URL} set
 */
public record StateBenchmarkReport(CacheHit cacheHit, double breakerClosedNanos, double breakerOpenNanos,
    CompileCache compileCache, double noopRedisOffPerSec, double noopRedisOnPerSec) {

  /** Targets of issue 4, shown beside the figures. */
  static final double BREAKER_TARGET_NANOS = 2_000;
  static final double HIT_RATE_TARGET = 0.9;
  static final double ON_OFF_TOLERANCE = 0.10;

  /** Execute-time percentiles in microseconds: the cached pipeline hitting Redis, and the uncached baseline. */
  public record CacheHit(double hitP50Micros, double hitP99Micros, double baselineP50Micros,
      double baselineP99Micros) {
    /** Hit p50 minus baseline p50. */
    public double addedP50Micros() {
      return hitP50Micros - baselineP50Micros;
    }

    /** Hit p99 minus baseline p50 (what a call's tail pays over a typical uncached call). */
    public double addedP99Micros() {
      return hitP99Micros - baselineP50Micros;
    }
  }

  /** Requests of the compile-cache workload and how they were served, summed over the nodes. */
  public record CompileCache(long requests, long localHits, long remoteHits, long misses) {
    public double hitRate() {
      return requests == 0 ? 0 : (double) (localHits + remoteHits) / requests;
    }
  }

  public StateBenchmarkReport {
    Objects.requireNonNull(cacheHit, "cacheHit");
    Objects.requireNonNull(compileCache, "compileCache");
  }

  /** Redis-on over Redis-off throughput; 0 when the off figure is missing. */
  public double redisOnOffRatio() {
    return noopRedisOffPerSec <= 0 ? 0 : noopRedisOnPerSec / noopRedisOffPerSec;
  }

  public String toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode added = root.putObject("cacheHitAddedMicros");
    added.put("p50", round1(cacheHit.addedP50Micros()));
    added.put("p99", round1(cacheHit.addedP99Micros()));
    ObjectNode breaker = root.putObject("breakerDecisionNanos");
    breaker.put("closed", round1(breakerClosedNanos));
    breaker.put("open", round1(breakerOpenNanos));
    root.put("compileCacheHitRate", round3(compileCache.hitRate()));
    ObjectNode noop = root.putObject("noopPerSec");
    noop.put("redisOff", Math.round(noopRedisOffPerSec));
    noop.put("redisOn", Math.round(noopRedisOnPerSec));
    root.put("redisOnOffRatio", round3(redisOnOffRatio()));
    // Detail behind the headline figures.
    ObjectNode times = root.putObject("cacheHitMicros");
    times.put("p50", round1(cacheHit.hitP50Micros())).put("p99", round1(cacheHit.hitP99Micros()))
        .put("baselineP50", round1(cacheHit.baselineP50Micros()))
        .put("baselineP99", round1(cacheHit.baselineP99Micros()));
    root.putObject("compileCache").put("requests", compileCache.requests())
        .put("localHits", compileCache.localHits()).put("remoteHits", compileCache.remoteHits())
        .put("misses", compileCache.misses());
    return root.toString();
  }

  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("cache-hit module call (Redis)        p50 %8.1f us, p99 %8.1f us%n",
        cacheHit.hitP50Micros(), cacheHit.hitP99Micros()));
    out.append(String.format("  same pipeline without cache        p50 %8.1f us, p99 %8.1f us%n",
        cacheHit.baselineP50Micros(), cacheHit.baselineP99Micros()));
    out.append(String.format("  added by the cache hit             p50 %8.1f us, p99 %8.1f us%n",
        cacheHit.addedP50Micros(), cacheHit.addedP99Micros()));
    out.append(String.format("breaker decision per call            closed %6.1f ns, open %6.1f ns  (target <= %.0f ns: %s)%n",
        breakerClosedNanos, breakerOpenNanos, BREAKER_TARGET_NANOS,
        Math.max(breakerClosedNanos, breakerOpenNanos) <= BREAKER_TARGET_NANOS ? "met" : "missed"));
    out.append(String.format("compile-cache hit rate, 3 nodes      %.3f  (%,d requests: %,d local, %,d remote, %,d misses;"
        + " target >= %.1f: %s)%n", compileCache.hitRate(), compileCache.requests(), compileCache.localHits(),
        compileCache.remoteHits(), compileCache.misses(), HIT_RATE_TARGET,
        compileCache.hitRate() >= HIT_RATE_TARGET ? "met" : "missed"));
    out.append(String.format("no-op pipeline, 1 worker             Redis off %,8.0f /s, Redis on %,8.0f /s%n",
        noopRedisOffPerSec, noopRedisOnPerSec));
    out.append(String.format("  on/off ratio                       %.3f  (target within %.0f%%: %s)%n",
        redisOnOffRatio(), ON_OFF_TOLERANCE * 100,
        redisOnOffRatio() >= 1 - ON_OFF_TOLERANCE ? "met" : "missed"));
    return out.toString();
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
