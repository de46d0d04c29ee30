package io.constellation.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.constellation.testkit.RedisService;
import io.constellation.testkit.TestInfrastructure;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class RedisCacheBackendTest {

  private final RedisService redis = TestInfrastructure.redis();
  private final String ns = "rcb-" + UUID.randomUUID() + ":";
  private RedisState state;
  private CacheStats stats;
  private RedisCacheBackend cache;

  @BeforeEach
  void open() {
    if (!redis.external() && !redis.running()) {
      redis.start();
    }
    state = RedisState.connect(redis.url(), InstantSource.system(), RedisStateTest.FAST);
    stats = new CacheMetrics().stats(CacheMetrics.MODULE);
    cache = new RedisCacheBackend(state, stats, InstantSource.system());
  }

  @AfterEach
  void close() {
    state.close();
  }

  @Test
  void putThenGet_roundTripsThroughRedis_andCountsHitsAndMisses() {
    cache.put(ns + "a", "{\"v\":1}", Duration.ofMinutes(1));
    Poll.until("value in redis", Duration.ofSeconds(5), () -> rawGet(ns + "a") != null);
    assertThat(rawGet(ns + "a")).isEqualTo("{\"v\":1}"); // a plain string other tools can read
    assertThat(cache.get(ns + "a")).contains("{\"v\":1}");
    assertThat(cache.get(ns + "missing")).isEmpty();
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(cache.errors()).isZero();
  }

  @Test
  void entries_expireAfterTheirTtl() {
    cache.put(ns + "short", "x", Duration.ofMillis(300));
    cache.put(ns + "long", "y", Duration.ofMinutes(5));
    Poll.until("short entry stored", Duration.ofSeconds(5), () -> rawGet(ns + "long") != null);
    Poll.until("short entry expired", Duration.ofSeconds(10), () -> cache.get(ns + "short").isEmpty());
    assertThat(cache.get(ns + "long")).contains("y");
    assertThat(state.client().getBucket(ns + "long").remainTimeToLive()).isPositive();
  }

  @Test
  void oversizedValue_isNotCached_butOneMebibyteIs() {
    String exact = "a".repeat(RedisCacheBackend.MAX_VALUE_BYTES);
    String over = "a".repeat(RedisCacheBackend.MAX_VALUE_BYTES + 1);
    String multiByteOver = "é".repeat(RedisCacheBackend.MAX_VALUE_BYTES / 2 + 1); // 2 bytes each
    cache.put(ns + "exact", exact, Duration.ofMinutes(1));
    cache.put(ns + "over", over, Duration.ofMinutes(1));
    cache.put(ns + "mb", multiByteOver, Duration.ofMinutes(1));
    Poll.until("exact stored", Duration.ofSeconds(5), () -> rawGet(ns + "exact") != null);
    assertThat(cache.get(ns + "over")).isEmpty();
    assertThat(cache.get(ns + "mb")).isEmpty();
    assertThat(cache.oversized()).isEqualTo(2);
    assertThat(RedisCacheBackend.tooLarge("é".repeat(RedisCacheBackend.MAX_VALUE_BYTES / 2))).isFalse();
  }

  @Test
  void hostileKeysAndValues_roundTripOrAreRefusedWithoutThrowing() {
    String[] keys = {ns + "ünïcødé-🚀", ns + "k".repeat(10 * 1024), ns + "glob*?[a-z]\\", ns + "sp ace\n\t\u0000nul"};
    String[] values = {"", "🚀\u0000\uFFFF", "\"quoted\" \\ back", "x".repeat(100_000)};
    for (int i = 0; i < keys.length; i++) {
      cache.put(keys[i], values[i], Duration.ofMinutes(1));
    }
    for (int i = 0; i < keys.length; i++) {
      String key = keys[i];
      Poll.until("stored " + i, Duration.ofSeconds(5), () -> rawGet(key) != null);
      assertThat(cache.get(keys[i])).contains(values[i]);
    }
    // refused quietly: null/empty/huge keys, null values, zero or negative TTL
    cache.put(null, "v", Duration.ofMinutes(1));
    cache.put("", "v", Duration.ofMinutes(1));
    cache.put("k".repeat(RedisCacheBackend.MAX_KEY_CHARS + 1), "v", Duration.ofMinutes(1));
    cache.put(ns + "nullvalue", null, Duration.ofMinutes(1));
    cache.put(ns + "zero", "v", Duration.ZERO);
    cache.put(ns + "neg", "v", Duration.ofSeconds(-1));
    cache.put(ns + "nullttl", "v", null);
    assertThat(cache.get(null)).isEmpty();
    assertThat(cache.get("")).isEmpty();
    assertThat(cache.get(ns + "zero")).isEmpty();
    assertThat(cache.get(ns + "neg")).isEmpty();
    assertThat(cache.get(ns + "nullttl")).isEmpty();
    assertThat(cache.get(ns + "nullvalue")).isEmpty();
    assertThat(cache.errors()).isZero();
  }

  @Test
  void redisDown_getAndPutKeepWorkingLocally_thenValuesGoToRedisAgain() {
    assumeFalse(redis.external(), "needs a Redis this test may stop");
    cache.put(ns + "before", "b", Duration.ofMinutes(1));
    Poll.until("stored", Duration.ofSeconds(5), () -> rawGet(ns + "before") != null);
    try {
      redis.stop();
      // Before the health check notices, calls fail against Redis and fall back: still no exception.
      cache.put(ns + "early", "e", Duration.ofMinutes(1));
      assertThat(cache.get(ns + "before")).isEmpty(); // the server's data is gone with it (not persisted)
      Poll.until("degraded", Duration.ofSeconds(15), () -> !state.available());
      assertThat(cache.errors()).isPositive();
      cache.put(ns + "during", "d", Duration.ofMinutes(1));
      assertThat(cache.get(ns + "during")).contains("d");
      Poll.until("failed write kept locally", Duration.ofSeconds(10), () -> cache.get(ns + "early").isPresent());
      assertThat(state.degradedTime()).isPositive();
    } finally {
      redis.start();
    }
    Poll.until("available again", Duration.ofSeconds(15), state::available);
    cache.put(ns + "after", "a", Duration.ofMinutes(1));
    Poll.until("stored in redis again", Duration.ofSeconds(10), () -> rawGet(ns + "after") != null);
    assertThat(cache.get(ns + "after")).contains("a");
  }

  @Test
  void stateDegradedFromTheStart_cachesLocally() throws Exception {
    try (RedisState down = RedisState.connect(
        "redis://127.0.0.1:" + RedisStateTest.freePort(), InstantSource.system(), RedisStateTest.FAST)) {
      RedisCacheBackend local = new RedisCacheBackend(down, CacheStats.detached(), InstantSource.system());
      local.put("k", "v", Duration.ofMinutes(1));
      assertThat(local.get("k")).isEqualTo(Optional.of("v"));
      assertThat(local.hits()).isEqualTo(1);
    }
  }

  private String rawGet(String key) {
    return state.client().<String>getBucket(key, org.redisson.client.codec.StringCodec.INSTANCE).get();
  }
}
