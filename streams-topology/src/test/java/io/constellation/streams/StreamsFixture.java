package io.constellation.streams;

import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.testkit.KafkaService;
import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One test's world: a topic prefix and application id of its own (so tests never share offsets or internal topics),
 * a PostgreSQL schema of its own (migrated by opening the history), a state directory, and helpers to produce
 * results transactionally and count rows.
 *
 * <pre>{@code
 * try (StreamsFixture f = StreamsFixture.create("poison"); StreamsApp app = StreamsApp.start(f.settings(), f.db())) {
 *   f.produce(records);
 *   Eventually.until("rows", Duration.ofSeconds(60), () -> f.count("select count(*) from executions") == n);
 * }
 * }</pre>
 */
final class StreamsFixture implements AutoCloseable {
  static {
    // Kafka Streams logs every config and state change at INFO; keep the test output to problems and our own lines.
    for (String logger : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.flywaydb", "com.zaxxer")) {
      String property = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(property) == null) System.setProperty(property, "warn");
    }
  }

  private final String name;
  private final KafkaService kafka;
  private final PostgresService postgres;
  private final Topics topics;
  private final String schema;
  private final Path stateDir;
  private final HistoryDatabase db;
  private KafkaProducer<byte[], byte[]> producer;

  private StreamsFixture(String name, KafkaService kafka, PostgresService postgres, Path stateDir) {
    this.name = name;
    this.kafka = kafka;
    this.postgres = postgres;
    this.topics = new Topics(name);
    this.schema = name.replace('-', '_');
    this.stateDir = stateDir;
    sql("create schema " + schema);
    this.db = HistoryDatabase.open(history());
  }

  /** A fresh world named {@code st-<label>-<random>}; its topics exist and are usable. */
  static StreamsFixture create(String label) {
    String name = "st-" + label.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaService kafka = TestInfrastructure.kafka();
    PostgresService postgres = TestInfrastructure.postgres();
    if (!postgres.external() && !postgres.running()) postgres.start();
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("constellation-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StreamsFixture fixture = new StreamsFixture(name, kafka, postgres, stateDir);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicSetup.ensureTopics(admin, fixture.topics, Duration.ofSeconds(60));
    }
    return fixture;
  }

  String name() {
    return name;
  }

  Topics topics() {
    return topics;
  }

  HistoryDatabase db() {
    return db;
  }

  PostgresService postgres() {
    return postgres;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  HistorySettings history() {
    return new HistorySettings(postgres.jdbcUrl() + "?currentSchema=" + schema, postgres.user(), postgres.password(),
        4);
  }

  /** The app's settings: this world's topics, application id, schema and state directory; 100 ms commits. */
  StreamsSettings settings() {
    return new StreamsSettings(kafka.bootstrapServers(), topics, name, stateDir, Duration.ofMillis(100), history());
  }

  /** The same settings as environment variables, for an app in a child JVM. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put(StreamsSettings.BOOTSTRAP_SERVERS_VARIABLE, kafka.bootstrapServers());
    env.put(StreamsSettings.TOPIC_PREFIX_VARIABLE, topics.prefix());
    env.put(StreamsSettings.APPLICATION_ID_VARIABLE, name);
    env.put(StreamsSettings.STATE_DIR_VARIABLE, stateDir.toString());
    env.put(StreamsSettings.COMMIT_INTERVAL_VARIABLE, "100ms");
    env.put(HistorySettings.URL_VARIABLE, history().jdbcUrl());
    env.put(HistorySettings.USER_VARIABLE, postgres.user());
    env.put(HistorySettings.PASSWORD_VARIABLE, postgres.password());
    return env;
  }

  /** Produces the records in transactions of {@code perTransaction}, committed one after the other. */
  void produce(List<ProducerRecord<byte[], byte[]>> records, int perTransaction) {
    KafkaProducer<byte[], byte[]> p = producer();
    for (int from = 0; from < records.size(); from += perTransaction) {
      p.beginTransaction();
      for (ProducerRecord<byte[], byte[]> record : records.subList(from, Math.min(records.size(),
          from + perTransaction))) {
        p.send(record);
      }
      p.commitTransaction();
    }
  }

  /** A single number from SQL over this world's schema, e.g. {@code select count(*) from executions}. */
  long count(String select) {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(select)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(select + ": " + e.getMessage(), e);
    }
  }

  /** A single text from SQL over this world's schema. */
  String text(String select) {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(select)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(select + ": " + e.getMessage(), e);
    }
  }

  long executions() {
    return count("select count(*) from executions");
  }

  @Override
  public void close() {
    if (producer != null) producer.close(Duration.ofSeconds(10));
    db.close();
    if (!postgres.external() && !postgres.running()) postgres.start();
    sql("drop schema if exists " + schema + " cascade");
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, name + "-test-producer");
      config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producer = new KafkaProducer<>(config);
      producer.initTransactions();
    }
    return producer;
  }

  private void sql(String statement) {
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), credentials());
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl() + "?currentSchema=" + schema, credentials());
  }

  private Properties credentials() {
    Properties props = new Properties();
    props.setProperty("user", postgres.user());
    props.setProperty("password", postgres.password());
    return props;
  }
}
