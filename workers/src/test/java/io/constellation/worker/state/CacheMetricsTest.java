package io.constellation.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

final class CacheMetricsTest {

  private final CacheMetrics metrics = new CacheMetrics();

  @Test
  void json_hasEachCacheAndTheOverallHitRate() {
    CacheStats compilation = metrics.stats(CacheMetrics.COMPILATION);
    compilation.recordHit();
    compilation.recordHit();
    compilation.recordHit();
    compilation.recordMiss();
    metrics.stats(CacheMetrics.MODULE).recordMiss();
    ObjectNode json = metrics.toJson();
    assertThat(json.get("compilation").get("hits").asLong()).isEqualTo(3);
    assertThat(json.get("compilation").get("misses").asLong()).isEqualTo(1);
    assertThat(json.get("compilation").get("hitRate").asDouble()).isEqualTo(0.75);
    assertThat(json.get("module").get("hitRate").asDouble()).isEqualTo(0.0);
    assertThat(json.get("execution").get("hits").asLong()).isZero();
    assertThat(json.get("hitRate").asDouble()).isEqualTo(0.6);
    assertThat(metrics.hitRate()).isEqualTo(0.6);
  }

  @Test
  void register_exposesGauges_includingCachesCreatedLater() {
    MetricRegistry registry = new MetricRegistry();
    metrics.register(registry);
    metrics.stats(CacheMetrics.EXECUTION).recordHit();
    metrics.stats("extra").recordMiss();
    assertThat(gauge(registry, "cache.execution.hits")).isEqualTo(1L);
    assertThat(gauge(registry, "cache.execution.hitRate")).isEqualTo(1.0);
    assertThat(gauge(registry, "cache.extra.misses")).isEqualTo(1L);
    assertThat(gauge(registry, "cache.hitRate")).isEqualTo(0.5);
  }

  @Test
  void stats_sameNameIsSameCounters() {
    assertThat(metrics.stats("module")).isSameAs(metrics.stats(CacheMetrics.MODULE));
  }

  @Test
  void stats_rejectsHostileNames_andTooManyCaches() {
    for (String bad : new String[] {"", "Upper", "a.b", "hitRate", "x".repeat(41), "ünï", "a b", "../x"}) {
      assertThatThrownBy(() -> metrics.stats(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cache name");
    }
    assertThatThrownBy(() -> {
      for (int i = 0; i < 100; i++) {
        metrics.stats("c" + i);
      }
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
  }

  private static Object gauge(MetricRegistry registry, String name) {
    Gauge<?> gauge = registry.getGauges().get(name);
    assertThat(gauge).as(name).isNotNull();
    return gauge.getValue();
  }
}
