package io.constellation.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Owns at most one Kafka, one Redis and one PostgreSQL, each resolved and started on first use, and closes
 * the ones it started in reverse order.
 *
 * <p>Resolution order per service: the environment override ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code REDIS_URL}, {@code POSTGRES_URL}), else a Testcontainers container when Docker is available (and
 * {@code CONSTELLATION_TESTKIT_DOCKER} is not {@code off}), else embedded in this JVM. A failed start is not
 * remembered: the next call tries again, and the failure is reported to each caller.
 *
 * <p>This is the non-static core of {@link TestInfrastructure}; tests build their own with a fake
 * environment.
 *
 * <p>Thread-safety: thread-safe; each service starts at most once, under its own lock, so a slow PostgreSQL
 * start does not hold up a Kafka user.
 */
final class Infrastructure implements AutoCloseable {

  private final EnvironmentSettings settings;
  private final DockerDetection docker;
  private final Slot<KafkaService> kafka;
  private final Slot<RedisService> redis;
  private final Slot<PostgresService> postgres;
  private final ReentrantLock startedLock = new ReentrantLock();
  private final Deque<AutoCloseable> started = new ArrayDeque<>(); // guarded by startedLock
  private boolean closed; // guarded by startedLock

  Infrastructure(Map<String, String> env) {
    this.settings = new EnvironmentSettings(env);
    this.docker = new DockerDetection(env);
    this.kafka = new Slot<>("Kafka", this::resolveKafka);
    this.redis = new Slot<>("Redis", this::resolveRedis);
    this.postgres = new Slot<>("PostgreSQL", this::resolvePostgres);
  }

  KafkaService kafka() {
    return kafka.get();
  }

  RedisService redis() {
    return redis.get();
  }

  PostgresService postgres() {
    return postgres.get();
  }

  /** Closes every service it started, last started first; each is tried, the first failure is rethrown. */
  @Override
  public void close() {
    RuntimeException first = null;
    startedLock.lock();
    try {
      closed = true;
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception e) {
          if (first == null) {
            first = e instanceof RuntimeException r ? r : new TestkitException("closing failed: " + e, e);
          } else {
            first.addSuppressed(e);
          }
        }
      }
    } finally {
      startedLock.unlock();
    }
    if (first != null) {
      throw first;
    }
  }

  private KafkaService resolveKafka() {
    return settings.kafkaBootstrapServers().<KafkaService>map(ExternalKafka::new)
        .orElseGet(() -> own(useDocker() ? new ContainerKafka() : EmbeddedKafka.builder().build()).start());
  }

  private RedisService resolveRedis() {
    return settings.redisUrl().<RedisService>map(ExternalRedis::new)
        .orElseGet(() -> own(useDocker() ? new ContainerRedis() : EmbeddedRedis.onFreePort()).start());
  }

  private PostgresService resolvePostgres() {
    return settings.postgresUrl().<PostgresService>map(
            url -> new ExternalPostgres(url, settings.postgresUser(), settings.postgresPassword()))
        .orElseGet(() -> own(useDocker() ? new ContainerPostgres() : EmbeddedPostgres.onFreePort()).start());
  }

  private boolean useDocker() {
    return settings.dockerAllowed() && docker.available();
  }

  /** Registers a service for close() before it starts, so a half-started one is still cleaned up. */
  private <T extends AutoCloseable> T own(T service) {
    startedLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the test infrastructure is shut down (JVM exiting): cannot start " + service);
      }
      started.push(service);
      return service;
    } finally {
      startedLock.unlock();
    }
  }

  /** One lazily resolved service. */
  private static final class Slot<T> {
    private final String name;
    private final Supplier<T> resolver;
    private final ReentrantLock lock = new ReentrantLock();
    private T value; // guarded by lock

    Slot(String name, Supplier<T> resolver) {
      this.name = name;
      this.resolver = resolver;
    }

    T get() {
      lock.lock();
      try {
        if (value == null) {
          value = resolver.get();
          if (value == null) {
            throw new TestkitException("no " + name + " could be resolved");
          }
        }
        return value;
      } finally {
        lock.unlock();
      }
    }
  }
}
