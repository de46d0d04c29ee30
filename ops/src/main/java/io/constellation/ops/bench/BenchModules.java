package io.constellation.ops.bench;

import io.constellation.engine.spi.Module;
import io.constellation.engine.types.Type;
import java.util.List;

/**
 * Modules that exist only for the cluster benchmark: {@code bench.Sleep(millis)} blocks for that long (an
 * I/O-bound call) and returns its argument. Registered in a worker only when {@code CONSTELLATION_BENCH_MODULES}
 * is {@code true}.
 */
public final class BenchModules {
  private BenchModules() {}

  public static final String ENABLE_VARIABLE = "CONSTELLATION_BENCH_MODULES";

  public static List<Module> modules() {
    return List.of(Module.builder("Sleep")
        .namespace("bench")
        .param("millis", Type.INT)
        .returns(Type.INT)
        .implementation(args -> {
          long millis = (Long) args.get("millis");
          Thread.sleep(Math.max(0, Math.min(millis, 10_000)));
          return millis;
        })
        .build());
  }
}
