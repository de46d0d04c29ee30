package io.constellation.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lifecycle shared by {@link EmbeddedKafka}, {@link EmbeddedRedis} and {@link EmbeddedPostgres}: the
 * {@link ServiceState} machine, first start versus restart, the main port and the data directory.
 *
 * <p>Implementation notes. The main port is 0 until a first start fixes it; every later start checks that it
 * is still free and calls {@link #restart(int)}, so the service comes back on the same address. The defaults
 * serve a service with one port: {@link #startFirstTime()} launches on the requested port or on a free one,
 * and a restart launches again on it; a service with more ports overrides both and records its main port with
 * {@link #setPort(int)}. {@link #close()} marks the service closed even when shutting it down fails, then
 * deletes the data directory if the service created it. Subclasses declare the covariant {@code start()} as a
 * call to {@link #startService()}. The public lifecycle methods are not {@code final} on purpose: javac then
 * compiles public bridges for them into each public subclass, so they stay callable by reflection from other
 * packages (the subclasses are final, so nothing outside overrides them).
 *
 * <p>Thread-safety: thread-safe; start, stop and close are serialised by one lock, and the template methods
 * run under it. The main port is read without the lock.
 */
abstract class EmbeddedService {

  /** How often a first start on a port we chose tries again after another process took it. */
  static final int BIND_ATTEMPTS = 3;

  private final String name;
  private final int requestedPort;
  private final Optional<Path> dataDir;
  private final boolean ownsDataDir;
  private final ReentrantLock lock = new ReentrantLock();
  private ServiceState state = ServiceState.CREATED; // guarded by lock
  private volatile int port;

  /** A service without a data directory; {@code requestedPort} (already validated) 0 picks a free one. */
  EmbeddedService(String name, int requestedPort) {
    this.name = name;
    this.requestedPort = requestedPort;
    this.dataDir = Optional.empty();
    this.ownsDataDir = false;
  }

  /** A service keeping its data in {@code dataDir}, deleted on close when {@code ownsDataDir}. */
  EmbeddedService(String name, int requestedPort, Path dataDir, boolean ownsDataDir) {
    this.name = name;
    this.requestedPort = requestedPort;
    this.dataDir = Optional.of(dataDir);
    this.ownsDataDir = ownsDataDir;
  }

  /** The port, fixed by the first start. */
  public int port() {
    int p = port;
    if (p == 0) {
      throw new IllegalStateException(name + " has not been started yet: call start() first");
    }
    return p;
  }

  /** False: this JVM owns the service, so stop and start are allowed. */
  public boolean external() {
    return false;
  }

  /** True while the service is started. */
  public boolean running() {
    lock.lock();
    try {
      return state == ServiceState.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the service and keeps its ports and data for a restart; a no-op unless it is running. */
  public void stop() {
    lock.lock();
    try {
      if (state == ServiceState.RUNNING) {
        shutdownOrFail();
        state = ServiceState.STOPPED;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops the service for good and deletes the data directory it created; idempotent. */
  public void close() {
    lock.lock();
    try {
      if (state == ServiceState.CLOSED) {
        return;
      }
      try {
        if (state == ServiceState.RUNNING) {
          shutdownOrFail();
        }
      } finally {
        state = ServiceState.CLOSED; // closed even if shutting down fails: a second close is a no-op
        if (ownsDataDir) {
          deleteDataDir(dataDir.orElseThrow());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return name + "[" + (port == 0 ? "not started" : address()) + dataDir.map(d -> ", " + d).orElse("") + "]";
  }

  /** Starts the service, or restarts it on the ports of its first start; returns at once if it is running. */
  final void startService() {
    lock.lock();
    try {
      if (state.requireOpen(label()) == ServiceState.RUNNING) {
        return;
      }
      QuietLogging.apply();
      int fixed = port;
      if (fixed == 0) {
        startFirstTime();
      } else {
        Ports.requireFree(fixed, name + " (restart)");
        restart(fixed);
      }
      state = ServiceState.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Picks the port and launches: the requested port, or a free one when it is 0. When the launch fails on a
   * port we chose, another process may have taken it since, so a new one is tried, up to
   * {@link #BIND_ATTEMPTS} times.
   */
  void startFirstTime() {
    for (int attempt = 1; ; attempt++) {
      int candidate = requestedPort == 0 ? Ports.free() : requestedPort;
      try {
        Ports.requireFree(candidate, name);
        launch(candidate);
        port = candidate;
        return;
      } catch (TestkitException e) {
        if (requestedPort != 0 || attempt >= BIND_ATTEMPTS) {
          throw e;
        }
        // lost a race for the free port: try another
      }
    }
  }

  /** Launches again on the ports of the first start; {@code port}, the main one, was just found free. */
  void restart(int port) {
    launch(port);
  }

  /**
   * Starts the process with {@code port} as its main port and returns once it is ready; when it fails it
   * leaves nothing running and throws {@link TestkitException}.
   */
  abstract void launch(int port);

  /** Stops the running process; an {@link IOException} is reported as "did not stop cleanly". */
  abstract void shutdown() throws IOException;

  /** The address clients use, once the service has been started; shown by {@link #toString()}. */
  abstract String address();

  /** How the service names itself when asked to start after {@link #close()}; its name unless overridden. */
  String label() {
    return name;
  }

  /** The port asked for at construction; 0 picks a free one on the first start. */
  final int requestedPort() {
    return requestedPort;
  }

  /** The main port: 0 until the first start sets it, then fixed. */
  final int mainPort() {
    return port;
  }

  /** Records the main port during a first start, or 0 when that start failed. */
  final void setPort(int port) {
    this.port = port;
  }

  private void shutdownOrFail() {
    try {
      shutdown();
    } catch (IOException e) {
      throw new TestkitException(name + " on port " + port + " did not stop cleanly: " + e.getMessage(), e);
    }
  }

  private void deleteDataDir(Path dir) {
    try {
      Directories.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " stopped, but its data directory " + dir + " could not be deleted", e);
    }
  }
}
