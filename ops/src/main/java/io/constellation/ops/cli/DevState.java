package io.constellation.ops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running {@code constellation dev} records in {@code ~/.constellation/dev.json} so that {@code submit},
 * {@code batch}, {@code topics}, {@code cache}, {@code circuits} and the history commands ({@code history},
 * {@code status}, {@code replay}, {@code dlq}) find it without flags: its bootstrap servers, topic prefix, pid,
 * the admin ports of its workers, the URL of its Redis and the JDBC URL of its PostgreSQL. A record whose pid is
 * no longer alive is ignored (a dev cluster killed with -9).
 *
 * <p>The directory is {@code CONSTELLATION_HOME} when set (tests), else {@code ~/.constellation}.
 *
 * @param redisUrl the dev cluster's Redis, {@code redis://127.0.0.1:port}; null in a record written before dev
 *     started Redis
 * @param postgresUrl the dev cluster's PostgreSQL (execution history), {@code jdbc:postgresql://127.0.0.1:port/db};
 *     null in a record written before dev started PostgreSQL
 * @param gatewayUrl the dev cluster's gateway, {@code http://127.0.0.1:port}; null in a record written before dev
 *     started the gateway
 */
record DevState(String bootstrapServers, String topicPrefix, long pid, List<Integer> adminPorts, String redisUrl,
    String postgresUrl, String gatewayUrl) {
  static final long MAX_FILE_BYTES = 64 * 1024;

  DevState {
    adminPorts = List.copyOf(adminPorts);
  }

  /** A record without Redis or PostgreSQL. */
  DevState(String bootstrapServers, String topicPrefix, long pid, List<Integer> adminPorts) {
    this(bootstrapServers, topicPrefix, pid, adminPorts, null, null, null);
  }

  /** A record without PostgreSQL or the gateway. */
  DevState(String bootstrapServers, String topicPrefix, long pid, List<Integer> adminPorts, String redisUrl) {
    this(bootstrapServers, topicPrefix, pid, adminPorts, redisUrl, null, null);
  }

  Optional<String> redis() {
    return Optional.ofNullable(redisUrl);
  }

  Optional<String> postgres() {
    return Optional.ofNullable(postgresUrl);
  }

  static Path file(Map<String, String> env) {
    String home = env.get("CONSTELLATION_HOME");
    Path dir = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".constellation");
    return dir.resolve("dev.json");
  }

  /** The recorded dev cluster if its process is alive; empty when there is none, it is stale or unreadable. */
  static Optional<DevState> findLive(Map<String, String> env) {
    return read(file(env)).filter(DevState::alive);
  }

  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static Optional<DevState> read(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) return Optional.empty();
      JsonNode node = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (node == null || !node.path("bootstrapServers").isTextual() || !node.path("pid").canConvertToLong()) {
        return Optional.empty();
      }
      List<Integer> ports = new ArrayList<>();
      for (JsonNode port : node.path("adminPorts")) if (port.canConvertToInt()) ports.add(port.asInt());
      String prefix = node.path("topicPrefix").isTextual() ? node.get("topicPrefix").asText() : "constellation";
      return Optional.of(new DevState(node.get("bootstrapServers").asText(), prefix, node.get("pid").asLong(), ports,
          text(node, "redisUrl"), text(node, "postgresUrl"), text(node, "gatewayUrl")));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A non-blank text field, or null (absent in records written by older versions). */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  /** Writes the record atomically (a reader never sees half a file). */
  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ObjectNode node = Json.object();
    node.put("bootstrapServers", bootstrapServers);
    node.put("topicPrefix", topicPrefix);
    node.put("pid", pid);
    ArrayNode ports = node.putArray("adminPorts");
    adminPorts.forEach(ports::add);
    if (redisUrl != null) node.put("redisUrl", redisUrl);
    if (postgresUrl != null) node.put("postgresUrl", postgresUrl);
    if (gatewayUrl != null) node.put("gatewayUrl", gatewayUrl);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Json.write(node) + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
