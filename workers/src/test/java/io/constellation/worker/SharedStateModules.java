package io.constellation.worker;

import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counting modules with names unique to one test, so the keys they make in the JVM's shared Redis
 * ({@code module:<name>:...}, {@code circuit:<name>}, {@code throttle:<name>}) belong to that test alone.
 * {@code counted} returns its argument, {@code failing} always throws; both count their calls.
 */
final class SharedStateModules {
  final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final String counted = "Counted" + suffix;
  final String failing = "Failing" + suffix;
  final AtomicInteger countedCalls = new AtomicInteger();
  final AtomicInteger failingCalls = new AtomicInteger();

  ModuleRegistry registry() {
    return ModuleRegistry.builder().addStandard().addAll(List.of(
        Module.builder(counted).param("text", Type.STRING).returns(Type.STRING).implementation(args -> {
          countedCalls.incrementAndGet();
          return args.get("text");
        }).build(),
        Module.builder(failing).param("text", Type.STRING).returns(Type.STRING).implementation(args -> {
          failingCalls.incrementAndGet();
          throw new IllegalStateException("always fails");
        }).build())).build();
  }

  /** {@code in text: String; x = <module>(text) [with <options>]; out x}. */
  String pipeline(String module, String options) {
    return "in text: String\nx = " + module + "(text)" + (options.isEmpty() ? "" : " with " + options) + "\nout x";
  }
}
