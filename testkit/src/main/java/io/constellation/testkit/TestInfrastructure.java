package io.constellation.testkit;

/**
 * The shared Kafka, Redis and PostgreSQL of this JVM: one instance each, started on first use and stopped by a
 * JVM shutdown hook.
 *
 * <pre>{@code
 * KafkaService kafka = TestInfrastructure.kafka();
 * props.put("bootstrap.servers", kafka.bootstrapServers());
 * }</pre>
 *
 * <p>Each service comes from, in order: the environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code REDIS_URL},
 * {@code POSTGRES_URL} with {@code POSTGRES_USER}/{@code POSTGRES_PASSWORD}); else Testcontainers when Docker is
 * available (set {@code CONSTELLATION_TESTKIT_DOCKER=off} to never try); else embedded in this JVM
 * ({@link EmbeddedKafka}, {@link EmbeddedRedis}, {@link EmbeddedPostgres}). An external service refuses
 * {@code stop()}/{@code start()}: fault tests check {@code external()} (e.g. with {@code assumeFalse}).
 *
 * <p>A test that stops a shared service must start it again (the JUnit extensions {@link KafkaExtension},
 * {@link RedisExtension} and {@link PostgresExtension} restart a stopped service before each test). Do not
 * close the shared services: the shutdown hook does.
 *
 * <p>Thread-safety: thread-safe; concurrent first calls start one instance.
 */
public final class TestInfrastructure {

  private TestInfrastructure() {}

  /** The shared Kafka, started on first call (about 5 s embedded). */
  public static KafkaService kafka() {
    return Holder.INFRASTRUCTURE.kafka();
  }

  /** The shared Redis, started on first call. */
  public static RedisService redis() {
    return Holder.INFRASTRUCTURE.redis();
  }

  /** The shared PostgreSQL, started on first call (a few seconds embedded; the first extraction takes longer). */
  public static PostgresService postgres() {
    return Holder.INFRASTRUCTURE.postgres();
  }

  /** The single owner of the JVM's services; created on first use (class-holder idiom), closed at JVM exit. */
  private static final class Holder {
    static final Infrastructure INFRASTRUCTURE = create();

    private static Infrastructure create() {
      Infrastructure infrastructure = new Infrastructure(System.getenv());
      Runtime.getRuntime().addShutdownHook(
          Thread.ofPlatform().name("constellation-testkit-shutdown").unstarted(infrastructure::close));
      return infrastructure;
    }
  }
}
