/**
 * Real Kafka, Redis and PostgreSQL for tests and for {@code constellation dev}.
 *
 * <p>Entry points: {@link io.constellation.testkit.TestInfrastructure} (one shared instance of each service
 * per JVM, from the environment, Testcontainers or embedded), the JUnit extensions
 * {@link io.constellation.testkit.KafkaExtension}, {@link io.constellation.testkit.RedisExtension} and
 * {@link io.constellation.testkit.PostgresExtension}, the embedded services themselves
 * ({@link io.constellation.testkit.EmbeddedKafka}, {@link io.constellation.testkit.EmbeddedRedis},
 * {@link io.constellation.testkit.EmbeddedPostgres}) and {@link io.constellation.testkit.LocalCluster}.
 *
 * <p>Every service can be stopped and started again on the same address (with its data, where it has any)
 * for fault tests; close() is final and deletes what the service created. Nothing here is null-returning:
 * absent things are {@link java.util.Optional} or an exception with a message that says what to do.
 */
package io.constellation.testkit;
