package io.constellation.engine.runtime;

import io.constellation.engine.spi.CacheRegistry;
import io.constellation.engine.spi.CircuitBreakerRegistry;
import io.constellation.engine.spi.ExecutionListener;
import io.constellation.engine.spi.ModuleScheduler;
import io.constellation.engine.spi.RateLimiterRegistry;
import io.constellation.engine.spi.Sleeper;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/** The collaborators a runtime was built with, shared by all its executions. */
record Services(Executor executor, InstantSource clock, Sleeper sleeper, CacheRegistry caches,
    CircuitBreakerRegistry breakers, RateLimiterRegistry limiters, ExecutionListener listener,
    ModuleScheduler scheduler) {

  boolean tracing() {
    return listener != ExecutionListener.noop();
  }
}
