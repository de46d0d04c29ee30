package io.constellation.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.testkit.TestInfrastructure;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

final class CacheAdminTest {

  private final String ns = "admin-" + UUID.randomUUID() + ":";
  private RedisState state;
  private CacheAdmin admin;

  @BeforeEach
  void open() {
    if (!TestInfrastructure.redis().external() && !TestInfrastructure.redis().running()) {
      TestInfrastructure.redis().start();
    }
    state = RedisState.connect(TestInfrastructure.redis().url(), InstantSource.system(), RedisStateTest.FAST);
    admin = new CacheAdmin(state);
  }

  @AfterEach
  void close() {
    state.close();
  }

  private void set(String key, String value) {
    state.client().getBucket(key, StringCodec.INSTANCE).set(value, Duration.ofMinutes(5));
  }

  @Test
  void keys_getAndDelete_byPrefix() {
    for (int i = 0; i < 30; i++) {
      set(ns + "module:" + i, "v" + i);
    }
    set(ns + "compilation:a", "c");
    assertThat(admin.keys(ns + "module:", 1000)).hasSize(30).allMatch(k -> k.startsWith(ns + "module:"));
    assertThat(admin.keys(ns, 1000)).hasSize(31);
    assertThat(admin.keys(ns + "module:", 5)).hasSize(5);
    assertThat(admin.get(ns + "module:7")).contains("v7");
    assertThat(admin.get(ns + "absent")).isEmpty();
    assertThat(admin.delete(ns + "module:7")).isTrue();
    assertThat(admin.delete(ns + "module:7")).isFalse();
    assertThat(admin.get(ns + "module:7")).isEmpty();
  }

  @Test
  void clear_deletesOnlyThePrefix_andRefusesAnEmptyOne() {
    for (int i = 0; i < 1_200; i++) { // more than one SCAN/DEL chunk
      set(ns + "execution:" + i, "e");
    }
    set(ns + "keep", "k");
    assertThat(admin.clear(ns + "execution:")).isEqualTo(1_200);
    assertThat(admin.keys(ns, 1000)).containsExactly(ns + "keep");
    assertThatThrownBy(() -> admin.clear("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clearAll");
    assertThatThrownBy(() -> admin.clear(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(admin.get(ns + "keep")).contains("k");
  }

  @Test
  void globCharactersInPrefix_matchLiterally() {
    set(ns + "a*b", "star");
    set(ns + "aXb", "x");
    set(ns + "a?c", "q");
    set(ns + "[x]y", "br");
    set(ns + "xy", "plain");
    set(ns + "back\\slash", "bs");
    set(ns + "ünï🚀", "uni");
    assertThat(admin.keys(ns + "a*", 100)).containsExactly(ns + "a*b");
    assertThat(admin.keys(ns + "a?", 100)).containsExactly(ns + "a?c");
    assertThat(admin.keys(ns + "[x]", 100)).containsExactly(ns + "[x]y");
    assertThat(admin.keys(ns + "back\\", 100)).containsExactly(ns + "back\\slash");
    assertThat(admin.keys(ns + "ünï", 100)).containsExactly(ns + "ünï🚀");
    assertThat(admin.clear(ns + "a*")).isEqualTo(1);
    assertThat(admin.get(ns + "aXb")).contains("x");
    assertThat(CacheAdmin.globEscape("a*?[]\\^-z")).isEqualTo("a\\*\\?\\[\\]\\\\\\^\\-z");
  }

  @Test
  void hostileArguments_getClearErrors() {
    String longKey = ns + "k".repeat(10 * 1024);
    set(longKey, "long");
    assertThat(admin.get(longKey)).contains("long");
    assertThat(admin.keys(ns + "kkkk", 10)).containsExactly(longKey);
    assertThatThrownBy(() -> admin.get(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> admin.get("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> admin.delete("x".repeat(CacheAdmin.MAX_KEY_CHARS + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    assertThatThrownBy(() -> admin.keys(ns, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> admin.keys(ns, CacheAdmin.MAX_KEYS + 1)).isInstanceOf(IllegalArgumentException.class);
    state.client().getList(ns + "list", StringCodec.INSTANCE).add("not a string value");
    assertThatThrownBy(() -> admin.get(ns + "list")).isInstanceOf(UnableToReachCacheException.class);
  }

  @Test
  void whenRedisIsUnreachable_operationsFailClearly() throws Exception {
    try (RedisState down = RedisState.connect(
        "redis://127.0.0.1:" + RedisStateTest.freePort(), InstantSource.system(), RedisStateTest.FAST)) {
      CacheAdmin offline = new CacheAdmin(down);
      assertThatThrownBy(() -> offline.keys("x", 10)).isInstanceOf(UnableToReachCacheException.class)
          .hasMessageContaining("degraded");
      assertThatThrownBy(() -> offline.clearAll()).isInstanceOf(UnableToReachCacheException.class);
    }
  }
}
