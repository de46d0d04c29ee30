package io.constellation.testkit;

import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * PostgreSQL in a Testcontainers container (used only when Docker is available), restartable on the same
 * port with the same data (the container's file system survives {@code docker stop}).
 *
 * <p>Thread-safety: thread-safe.
 */
final class ContainerPostgres extends DockerContainer implements PostgresService {

  static final String IMAGE = "postgres:16-alpine";
  private static final String USER = "postgres";
  private static final String PASSWORD = "postgres";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  ContainerPostgres() {
    super("PostgreSQL", newContainer(), 5432);
  }

  private static GenericContainer<?> newContainer() {
    return new GenericContainer<>(IMAGE)
        .withExposedPorts(5432)
        .withEnv(Map.of("POSTGRES_USER", USER, "POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", "postgres"))
        .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
        // the entrypoint starts the server twice (init, then for real): wait for the second
        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2))
        .withStartupTimeout(READY_TIMEOUT);
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + hostPort() + "/postgres";
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
  public PostgresService start() {
    startContainer();
    return this;
  }

  @Override
  void awaitReady() {
    PostgresReadiness.await(jdbcUrl(), USER, PASSWORD, READY_TIMEOUT);
  }
}
