package io.constellation.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.testkit.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

final class CompilationStoreTest {

  private final Compiler compiler = Compiler.create(ModuleRegistry.standard());
  private RedisState state;

  @BeforeEach
  void open() {
    if (!TestInfrastructure.redis().external() && !TestInfrastructure.redis().running()) {
      TestInfrastructure.redis().start();
    }
    state = RedisState.connect(TestInfrastructure.redis().url(), InstantSource.system(), RedisStateTest.FAST);
  }

  @AfterEach
  void close() {
    state.close();
  }

  private CompilationStore node(CacheStats stats) {
    return new CompilationStore(
        new RedisCacheBackend(state, CacheStats.detached(), InstantSource.system()), stats, InstantSource.system());
  }


  private CompiledPipeline compileUnique() {
    String name = "v" + UUID.randomUUID().toString().replace("-", "");
    CompileResult result = compiler.compile("in x: Int\n" + name + " = x + 1\nout " + name);
    assertThat(result.ok()).as("%s", result.errors()).isTrue();
    return result.get();
  }

  @Test
  void secondNode_findsWhatTheFirstPut_asARemoteHit() {
    CacheStats statsOne = CacheStats.detached();
    CacheStats statsTwo = CacheStats.detached();
    CompilationStore one = node(statsOne);
    CompilationStore two = node(statsTwo);
    CompiledPipeline pipeline = compileUnique();
    one.put(pipeline);
    Poll.until("in redis", Duration.ofSeconds(5), () -> rawGet(pipeline.compilationKey()) != null);

    CompiledPipeline found = two.find(pipeline.compilationKey()).orElseThrow();
    assertThat(found).isEqualTo(pipeline);
    assertThat(two.remoteHits()).isEqualTo(1);
    assertThat(two.find(pipeline.compilationKey())).contains(found);
    assertThat(two.localHits()).isEqualTo(1);
    assertThat(statsTwo.hits()).isEqualTo(2);
    assertThat(one.find(pipeline.compilationKey())).isPresent();
    assertThat(one.localHits()).isEqualTo(1);
    assertThat(state.client().getBucket(pipeline.compilationKey()).remainTimeToLive())
        .isGreaterThan(Duration.ofMinutes(59).toMillis());
  }

  @Test
  void compile_onSecondNode_doesNotCompileAgain() {
    String name = "v" + UUID.randomUUID().toString().replace("-", "");
    String source = "in x: Int\n" + name + " = x * 2\nout " + name;
    CompilationStore one = node(CacheStats.detached());
    CompilationStore two = node(CacheStats.detached());
    CompileResult first = one.compile(compiler, source);
    assertThat(first.ok()).isTrue();
    assertThat(one.misses()).isEqualTo(1);
    Poll.until("in redis", Duration.ofSeconds(5), () -> rawGet(first.get().compilationKey()) != null);
    CompileResult second = two.compile(compiler, "# same program, other layout\n" + source.replace("\n", "\n\n"));
    assertThat(second.ok()).isTrue();
    assertThat(second.get()).isEqualTo(first.get());
    assertThat(two.remoteHits()).isEqualTo(1);
    assertThat(two.misses()).isZero();
  }

  @Test
  void compile_badSource_isReportedAndNotStored() {
    CompilationStore one = node(CacheStats.detached());
    CompileResult bad = one.compile(compiler, "in x: Int\nout nope");
    assertThat(bad.ok()).isFalse();
    assertThat(bad.errors()).isNotEmpty();
    assertThat(one.compile(compiler, "\u0000\uFFFF\"unterminated").ok()).isFalse();
    assertThatThrownBy(() -> one.compile(compiler, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void corruptOrForgedValues_areMisses() {
    CompilationStore one = node(CacheStats.detached());
    CompiledPipeline pipeline = compileUnique();
    String key = pipeline.compilationKey();
    String valid = new CompilationStore.Codec().encode(pipeline);
    CompiledPipeline other = compileUnique();
    String[] corrupt = {
        "not json", "", "[]", "{}", "null", "{\"formatVersion\":2}",
        valid.replace("\"formatVersion\":1", "\"formatVersion\":\"1\""),
        new CompilationStore.Codec().encode(other), // valid, but for another key
        valid.replaceFirst("\"dag\":\"[^\"]{8}", "\"dag\":\"!!!!!!!!"),
        valid.replace(pipeline.structuralHash(), "0".repeat(64)),
        "{".repeat(10_000),
    };
    for (String value : corrupt) {
      state.client().getBucket(key, StringCodec.INSTANCE).set(value, Duration.ofMinutes(1));
      assertThat(one.find(key)).as("value %s", value.length() > 60 ? value.substring(0, 60) : value).isEmpty();
    }
    assertThat(one.corrupt()).isEqualTo(corrupt.length);
    state.client().getBucket(key, StringCodec.INSTANCE).set(valid, Duration.ofMinutes(1));
    assertThat(one.find(key)).contains(pipeline);
  }

  @Test
  void malformedKeys_areMissesWithoutThrowing() {
    CompilationStore one = node(CacheStats.detached());
    for (String key : new String[] {null, "", "compilation:", "compilation:*:*", "x".repeat(20_000),
        "compilation:" + "A".repeat(64) + ":" + "0".repeat(64), "ünï🚀"}) {
      assertThat(one.find(key)).isEmpty();
    }
    assertThat(one.misses()).isEqualTo(7);
  }

  @Test
  void nearCache_isBoundedAndExpires_withoutTheStore() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    InstantSource clock = now::get;
    CacheBackend store = CacheBackend.inMemory(100, clock);
    CompilationStore one = new CompilationStore(store, CacheStats.detached(), clock, 2, Duration.ofMinutes(1));
    CompiledPipeline a = compileUnique();
    CompiledPipeline b = compileUnique();
    CompiledPipeline c = compileUnique();
    one.put(a);
    one.put(b);
    one.put(c); // evicts a from the near tier
    assertThat(one.find(a.compilationKey())).contains(a);
    assertThat(one.remoteHits()).isEqualTo(1);
    assertThat(one.find(c.compilationKey())).contains(c);
    assertThat(one.localHits()).isEqualTo(1);
    now.set(now.get().plus(Duration.ofMinutes(2))); // near TTL passed, store TTL (1 h) not
    assertThat(one.find(c.compilationKey())).contains(c);
    assertThat(one.remoteHits()).isEqualTo(2);
    now.set(now.get().plus(Duration.ofHours(2))); // everything expired
    assertThat(one.find(b.compilationKey())).isEmpty();
    assertThat(one.misses()).isEqualTo(1);
  }

  @Test
  void keyOf_matchesTheCompilersKey() {
    CompiledPipeline pipeline = compiler.compile("in x: Int\nout x").get();
    assertThat(CompilationStore.keyOf("in x: Int\nout x", pipeline.registryHash()))
        .contains(pipeline.compilationKey());
    assertThat(CompilationStore.keyOf("in x: Int\nout x", "not-a-hash")).isEmpty();
    assertThat(CompilationStore.keyOf(null, pipeline.registryHash())).isEmpty();
  }

  private String rawGet(String key) {
    return state.client().<String>getBucket(key, StringCodec.INSTANCE).get();
  }
}
