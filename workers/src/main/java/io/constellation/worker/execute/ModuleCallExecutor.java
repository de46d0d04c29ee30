package io.constellation.worker.execute;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The executor a worker's pipeline runtime runs blocking module calls on: a virtual thread per call that starts with
 * the log context (MDC) of the thread that handed the call over. The runtime hands a call over from the thread
 * running its execution, inside {@link ExecutionLogContext}, so what a module logs names the execution, node and
 * pipeline too.
 *
 * <p>Thread-safety: safe for concurrent use. Owns its threads: {@link #close()} interrupts calls still running and
 * waits up to {@value #CLOSE_WAIT_SECONDS} s for them to end.
 */
public final class ModuleCallExecutor implements Executor, AutoCloseable {
  static final long CLOSE_WAIT_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(ModuleCallExecutor.class);

  private final ExecutorService threads;

  /** @param namePrefix prefix of the call threads' names */
  public ModuleCallExecutor(String namePrefix) {
    this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(namePrefix, 0).factory());
  }

  @Override
  public void execute(Runnable call) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    threads.execute(() -> {
      if (context != null) MDC.setContextMap(context);
      try {
        call.run();
      } finally {
        MDC.clear();
      }
    });
  }

  /** Interrupts the calls still running and waits for them, as the runtime's own executor would on close. */
  @Override
  public void close() {
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("module calls still running {} after close", Duration.ofSeconds(CLOSE_WAIT_SECONDS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
