package io.constellation.ops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import io.constellation.submitter.SubmitterException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code constellation submit FILE.cst}: send one execution to the cluster and print its result. Exit codes as
 * {@code run}: 0 completed, 1 failed or expired, 2 rejected; 64 usage, 69 cluster unreachable, 75 no result
 * within {@code --timeout} (the execution may still run).
 */
final class SubmitCommand {
  /** A request travels as one Kafka record; workers refuse records over 1 MiB by default. */
  static final long MAX_SOURCE_BYTES = 1L << 20;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  SubmitCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json", "--no-wait"),
        Set.of("--input", "--inputs", "--node", "--priority", "--deadline", "--bootstrap-servers", "--topic-prefix",
            "--timeout", "--encoding", "--execution-id", "--cache-ttl"));
    String file = parsed.single("pipeline file (FILE.cst)");
    boolean json = parsed.has("--json");
    int priority = priority(parsed.one("--priority", null));
    Duration deadline = parsed.has("--deadline") ? Durations.parse("--deadline", parsed.one("--deadline", null)) : null;
    Duration timeout = Durations.parse("--timeout", parsed.one("--timeout", "60s"));
    Duration cacheTtl = parsed.has("--cache-ttl") ? Durations.cacheTtl("--cache-ttl", parsed.one("--cache-ttl", null)) : null;
    Encoding encoding = encoding(parsed.one("--encoding", "avro"));
    String node = parsed.one("--node", null);
    if (node != null && node.isBlank()) throw new UsageException("--node needs a node id");
    String executionId = parsed.one("--execution-id", null);
    if (executionId != null && executionId.isBlank()) throw new UsageException("--execution-id must not be blank");
    String source = SourceFiles.read(file, MAX_SOURCE_BYTES, "pipeline file");
    ClusterAddress address = ClusterAddress.resolve(parsed.one("--bootstrap-servers", null),
        parsed.one("--topic-prefix", null), env);

    Map<String, JsonNode> inputs;
    try {
      inputs = RunCommand.inputs(parsed.one("--inputs", null), parsed.all("--input"));
    } catch (RunCommand.InvalidInputsException e) {
      return rejectedInputs(json, e.getMessage());
    }
    Requests builder = Requests.source(source).priority(priority);
    String pipeline = Requests.pipelineName(Path.of(file));
    if (!pipeline.isBlank()) builder.metadata(Requests.PIPELINE_METADATA, pipeline);
    inputs.forEach(builder::input);
    if (node != null) builder.node(node);
    if (deadline != null) builder.deadline(deadline);
    if (executionId != null) builder.executionId(executionId);
    if (cacheTtl != null) builder.cacheTtl(cacheTtl);
    ExecutionRequest request;
    try {
      request = builder.build();
    } catch (IllegalArgumentException e) {
      return rejectedInputs(json, e.getMessage());
    }

    long started = System.nanoTime();
    try (ConstellationClient client = ClusterClients.client(address, encoding)) {
      if (parsed.has("--no-wait")) return sendOnly(client, request, timeout, json);
      ExecutionResult result = client.submit(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return print(result, json, (System.nanoTime() - started) / 1_000_000);
    } catch (TimeoutException e) {
      err.println("constellation: no result for " + request.getExecutionId() + " within " + timeout.toSeconds()
          + " s; the execution may still run (is a worker up for topic prefix '" + address.topicPrefix() + "'"
          + (node != null ? " and node '" + node + "'" : "") + "?)");
      return Main.EXIT_TIMEOUT;
    } catch (ExecutionException e) {
      throw CommandException.unavailable(e.getCause() instanceof SubmitterException
          ? e.getCause().getMessage() : "cannot submit: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CommandException.unavailable("interrupted while waiting for the result of " + request.getExecutionId());
    }
  }

  private int sendOnly(ConstellationClient client, ExecutionRequest request, Duration timeout, boolean json)
      throws TimeoutException, ExecutionException, InterruptedException {
    RecordMetadata sent = client.send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (json) {
      ObjectNode document = Json.object();
      document.put("executionId", request.getExecutionId());
      document.put("status", "submitted");
      document.put("topic", sent.topic());
      document.put("partition", sent.partition());
      document.put("offset", sent.offset());
      out.println(Json.write(document));
    } else {
      out.println(request.getExecutionId());
      err.println("submitted to " + sent.topic() + "-" + sent.partition() + "@" + sent.offset());
    }
    return Main.EXIT_OK;
  }

  private int print(ExecutionResult result, boolean json, long millis) {
    String status = result.getStatus().name().toLowerCase(Locale.ROOT);
    if (json) {
      ObjectNode document = toJson(result);
      document.put("durationMs", millis);
      out.println(Json.write(document));
    } else {
      JsonNode outputs = outputs(result.getOutputs());
      outputs.properties().forEach(field -> out.println(field.getKey() + " = " + Json.write(field.getValue())));
      for (ExecutionError error : result.getErrors()) {
        String where = error.getNode() == null ? "" : " in '" + error.getNode() + "'"
            + (error.getLine() != null ? " (line " + error.getLine() + ":" + error.getColumn() + ")" : "");
        err.println("error " + error.getCode() + where + ": " + error.getMessage());
      }
      for (String warning : result.getWarnings()) err.println("warning: " + warning);
      String node = result.getNodeId() == null || result.getNodeId().isEmpty() ? "" : " on " + result.getNodeId();
      String cached = result.getFromCache() ? " from the execution cache" : "";
      err.println(status + node + cached + " in " + millis + " ms (" + result.getExecutionId() + ")");
    }
    return exitCode(status);
  }

  static int exitCode(String status) {
    return switch (status) {
      case "completed" -> Main.EXIT_OK;
      case "rejected" -> Main.EXIT_REJECTED;
      default -> Main.EXIT_FAILED;
    };
  }

  /**
   * The {@code --json} document of a result: the {@code run --json} fields plus executionId, node, times and
   * {@code fromCache} (answered from the execution cache without running).
   */
  static ObjectNode toJson(ExecutionResult result) {
    ObjectNode document = Json.object();
    document.put("executionId", result.getExecutionId());
    document.put("status", result.getStatus().name().toLowerCase(Locale.ROOT));
    document.set("outputs", outputs(result.getOutputs()));
    ArrayNode errors = document.putArray("errors");
    for (ExecutionError error : result.getErrors()) {
      ObjectNode e = errors.addObject();
      e.put("code", error.getCode());
      e.put("message", error.getMessage());
      e.put("node", error.getNode());
      if (error.getModule() != null) e.put("module", error.getModule());
      e.put("line", error.getLine());
      e.put("column", error.getColumn());
    }
    ArrayNode warnings = document.putArray("warnings");
    result.getWarnings().forEach(warnings::add);
    document.put("node", result.getNodeId() == null || result.getNodeId().isEmpty() ? null : result.getNodeId());
    document.put("attempt", result.getAttempt());
    putInstant(document, "queuedAt", result.getQueuedAt());
    putInstant(document, "startedAt", result.getStartedAt());
    putInstant(document, "completedAt", result.getCompletedAt());
    document.put("fromCache", result.getFromCache());
    return document;
  }

  private static void putInstant(ObjectNode document, String name, Instant instant) {
    if (instant != null) document.put(name, instant.toString());
  }

  private static JsonNode outputs(String canonical) {
    try {
      JsonNode parsed = Json.parse(canonical);
      return parsed != null && parsed.isObject() ? parsed : Json.object();
    } catch (JsonProcessingException e) {
      return Json.object().put("_unparsed", canonical);
    }
  }

  private int rejectedInputs(boolean json, String message) {
    if (json) {
      ObjectNode result = Json.object();
      result.putNull("executionId");
      result.put("status", "rejected");
      result.putObject("outputs");
      result.set("errors", Rendering.inputValidation(message));
      result.putArray("warnings");
      result.putNull("node");
      out.println(Json.write(result));
    } else {
      err.println("error INPUT_VALIDATION: " + message);
      err.println("rejected (nothing was submitted)");
    }
    return Main.EXIT_REJECTED;
  }

  static int priority(String text) {
    if (text == null) return 50;
    try {
      int priority = Integer.parseInt(text.strip());
      if (priority >= 0 && priority <= 100) return priority;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--priority expects a number from 0 to 100, got '" + text + "'");
  }

  static Encoding encoding(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "avro" -> Encoding.AVRO;
      case "json" -> Encoding.JSON;
      default -> throw new UsageException("--encoding expects avro or json, got '" + text + "'");
    };
  }
}
