package io.constellation.worker;

import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Modules that let a test see and steer what a worker runs: {@code Counted(text)} counts its calls,
 * {@code Recorded(text)} appends its argument to {@link #order}, {@code Block(text)} waits for {@link #release},
 * {@code Nap(text)} sleeps a few milliseconds. One instance per test.
 */
final class TestModules {
  static final String SHOUT = "in text: String\nshouted = Uppercase(text)\nout shouted";
  static final String COUNTED = "in text: String\nx = Counted(text)\nout x";
  static final String RECORDED = "in text: String\nx = Recorded(text)\nout x";
  static final String BLOCK = "in text: String\nx = Block(text)\nout x";
  static final String NAP = "in text: String\nx = Nap(text)\nout x";

  final AtomicInteger calls = new AtomicInteger();
  final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
  final CountDownLatch blocked = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  private final long napMillis;

  TestModules(long napMillis) {
    this.napMillis = napMillis;
  }

  TestModules() {
    this(5);
  }

  ModuleRegistry registry() {
    return ModuleRegistry.builder().addStandard().addAll(List.of(
        module("Counted", text -> {
          calls.incrementAndGet();
          return text;
        }),
        module("Recorded", text -> {
          order.add(text);
          return text;
        }),
        module("Block", text -> {
          blocked.countDown();
          if (!release.await(50, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
          return text;
        }),
        module("Nap", text -> {
          Thread.sleep(napMillis);
          return text;
        }))).build();
  }

  private interface Body {
    String apply(String text) throws Exception;
  }

  private static Module module(String name, Body body) {
    return Module.builder(name).param("text", Type.STRING).returns(Type.STRING)
        .implementation(args -> body.apply((String) args.get("text"))).build();
  }
}
