package io.constellation.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.constellation.testkit.RedisService;
import io.constellation.testkit.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

final class RedisStateTest {

  static final RedisState.Options FAST =
      new RedisState.Options(Duration.ofMillis(300), Duration.ofMillis(200), 1, Duration.ofMillis(100), 2);

  @Test
  void connect_toRunningRedis_isAvailableAtOnce() {
    try (RedisState state = RedisState.connect(TestInfrastructure.redis().url(), InstantSource.system())) {
      assertThat(state.available()).isTrue();
      assertThat(state.detail()).isEqualTo("up");
      state.client().getBucket("state-test:ping").set("pong");
      assertThat(state.client().<String>getBucket("state-test:ping").get()).isEqualTo("pong");
    }
  }

  @Test
  void connect_whenNothingListens_startsDegradedAndCountsDegradedTime() throws Exception {
    try (RedisState state = RedisState.connect("redis://127.0.0.1:" + freePort(), InstantSource.system(), FAST)) {
      assertThat(state.available()).isFalse();
      assertThat(state.detail()).isEqualTo("degraded");
      Duration first = state.degradedTime();
      Poll.until("degraded time grows", Duration.ofSeconds(10), () -> state.degradedTime().compareTo(first) > 0);
    }
  }

  @Test
  void redisStoppedAndRestarted_turnsDegradedThenAvailable_andTellsListeners() {
    RedisService redis = TestInfrastructure.redis();
    assumeFalse(redis.external(), "needs a Redis this test may stop");
    List<Boolean> changes = new CopyOnWriteArrayList<>();
    try (RedisState state = RedisState.connect(redis.url(), InstantSource.system(), FAST)) {
      state.onAvailabilityChange(changes::add);
      assertThat(state.available()).isTrue();
      assertThat(state.degradedTime()).isEqualTo(Duration.ZERO);
      try {
        redis.stop();
        Poll.until("degraded", Duration.ofSeconds(15), () -> !state.available());
        assertThat(state.detail()).isEqualTo("degraded");
        Duration during = state.degradedTime();
        Poll.until("degraded time grows", Duration.ofSeconds(10),
            () -> state.degradedTime().compareTo(during) > 0);
      } finally {
        redis.start();
      }
      Poll.until("available again", Duration.ofSeconds(15), state::available);
      Duration total = state.degradedTime();
      assertThat(total).isPositive();
      assertThat(changes).containsExactly(false, true);
      // no longer degraded: the total stays put
      assertThat(state.degradedTime()).isEqualTo(total);
    }
  }

  @Test
  void close_isIdempotent_andMakesItUnavailable() {
    RedisState state = RedisState.connect(TestInfrastructure.redis().url(), InstantSource.system(), FAST);
    state.close();
    state.close();
    assertThat(state.available()).isFalse();
  }

  @Test
  void parseAddresses_acceptsSingleAndClusterForms() {
    assertThat(RedisState.parseAddresses("redis://127.0.0.1:6379")).containsExactly("redis://127.0.0.1:6379");
    assertThat(RedisState.parseAddresses("a:7000, b:7001,rediss://c:7002"))
        .containsExactly("redis://a:7000", "redis://b:7001", "rediss://c:7002");
    assertThat(RedisState.parseAddresses("redis://h:1/0")).containsExactly("redis://h:1/0");
  }

  @Test
  void parseAddresses_rejectsMalformedAndHostileInput() {
    for (String bad : new String[] {null, "", "   ", "redis://", "http://h:1", "h", "h:0", "h:70000", "a:1,,b:2",
        "redis://h:1/x?y=1", "redis://h:1#f", "redis://h:1/../etc", "ré dis://\u0000:1", ",",
        "redis://h:1," + "x".repeat(5000)}) {
      assertThatThrownBy(() -> RedisState.parseAddresses(bad))
          .as("input %s", bad == null ? "null" : bad.length() > 40 ? bad.substring(0, 40) : bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("redis");
    }
  }

  @Test
  void options_rejectNonsense() {
    assertThatThrownBy(() -> new RedisState.Options(Duration.ZERO, Duration.ofMillis(1), 1, Duration.ofMillis(1), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> new RedisState.Options(
        Duration.ofMillis(1), Duration.ofMillis(1), -1, Duration.ofMillis(1), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAttempts");
    assertThatThrownBy(() -> new RedisState.Options(
        Duration.ofMillis(1), Duration.ofMillis(1), 1, Duration.ofMillis(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failuresToDegrade");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
