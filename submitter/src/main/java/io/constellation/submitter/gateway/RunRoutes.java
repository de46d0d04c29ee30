package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.PipelineName;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import io.constellation.submitter.SubmitterException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /run} and {@code POST /execute}: one execution on the cluster.
 *
 * <p>Body: {@code {"source": "...", "inputs": {...}, "priority": 0..100, "deadline": "30s", "timeout": "60s",
 * "cacheTtl": "5min", "pipeline": "name", "metadata": {"k": "v"}}}; only {@code source} is required. {@code deadline}
 * is when the execution expires if no worker started it; {@code timeout} how long this request waits for the
 * result. {@code pipeline} names the pipeline in the history and the statistics.
 *
 * <p>Answers: 200 with the result in {@link ResultCodec#toJson} form, whatever the execution's status (it is in
 * the body); with {@code ?async=true}, 202 {@code {"executionId", "status": "submitted", "location"}} and a
 * {@code Location} header once the broker has the request; 504 when no result came within the timeout (the
 * execution may still run: the error carries its {@code executionId} and a {@code Location}); 503 when the cluster
 * cannot be reached; 413 when the request is too large for a Kafka record. {@code /execute} runs on the node named
 * by the {@value #NODE_HEADER} header (400 without it).
 *
 * <p>Thread-safety: thread-safe (the client is).
 */
final class RunRoutes {
  static final String NODE_HEADER = "X-Constellation-Node";

  private static final Logger LOG = LoggerFactory.getLogger(RunRoutes.class);
  private static final Set<String> FIELDS = Set.of("source", "inputs", "priority", "deadline", "timeout", "cacheTtl",
      "pipeline", "metadata");
  private static final Set<String> QUERY = Set.of("async");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_METADATA_ENTRIES = 64;
  private static final int MAX_METADATA_CHARS = 1024;
  /** A deadline further out than a day is almost certainly a unit mistake. */
  private static final Duration MAX_DEADLINE = Duration.ofDays(1);

  private final ConstellationClient client;
  private final ResultCodec results = new ResultCodec();
  private final GatewaySettings settings;

  RunRoutes(ConstellationClient client, GatewaySettings settings) {
    this.client = client;
    this.settings = settings;
  }

  Response run(GatewayRequest request) throws IOException {
    boolean async = request.query(QUERY).flag("async");
    return submit(request, null, async);
  }

  Response execute(GatewayRequest request) throws IOException {
    boolean async = request.query(QUERY).flag("async");
    String node = request.header(NODE_HEADER);
    if (node == null || node.isBlank()) {
      throw ApiError.BAD_REQUEST.because("/execute runs on one node: name it in the " + NODE_HEADER + " header");
    }
    if (!NODE_ID.matcher(node.strip()).matches()) {
      throw ApiError.BAD_REQUEST.because(NODE_HEADER + " must be a node id (1 to 64 letters, digits, '.', '_' or"
          + " '-'), was '" + Texts.shorten(node) + "'");
    }
    return submit(request, node.strip(), async);
  }

  private Response submit(GatewayRequest http, String node, boolean async) throws IOException {
    BodyFields body = BodyFields.of(http.jsonBody(), FIELDS);
    Duration timeout = body.string("timeout")
        .map(t -> parse(() -> DurationText.parse("timeout", t, settings.maxRunTimeout())))
        .orElse(settings.runTimeout());
    ExecutionRequest request = request(body, node);
    String location = "/executions/" + request.getExecutionId();
    if (async) {
      acknowledged(request, timeout);
      ObjectNode accepted = GatewayJson.object().put("executionId", request.getExecutionId())
          .put("status", "submitted").put("location", location);
      return Response.accepted(accepted, location);
    }
    CompletableFuture<ExecutionResult> future;
    try {
      future = client.submit(request);
    } catch (SubmitterException e) {
      throw cannotSubmit(request, e);
    }
    ExecutionResult result;
    try {
      result = await(future, timeout, request);
    } catch (UnableToServeException e) {
      future.cancel(false); // stop awaiting it: the client forgets the execution id
      throw e;
    }
    return Response.ok(results.toJson(result));
  }

  private static ExecutionRequest request(BodyFields body, String node) {
    return parse(() -> {
      Requests builder = Requests.source(body.requiredString("source"));
      body.object("inputs").ifPresent(builder::inputs);
      body.integer("priority", 0, 100).ifPresent(builder::priority);
      body.string("deadline").ifPresent(d -> builder.deadline(DurationText.parse("deadline", d, MAX_DEADLINE)));
      body.string("cacheTtl").ifPresent(t -> builder.cacheTtl(DurationText.parse("cacheTtl", t,
          Requests.MAX_CACHE_TTL)));
      body.object("metadata").ifPresent(metadata -> metadata(builder, metadata));
      body.string("pipeline").ifPresent(p -> {
        if (p.isBlank() || p.length() > PipelineName.MAX_LENGTH) {
          throw new IllegalArgumentException("pipeline must be 1 to " + PipelineName.MAX_LENGTH + " characters");
        }
        builder.metadata(PipelineName.METADATA_KEY, p.strip());
      });
      if (node != null) builder.node(node);
      return builder.build();
    });
  }

  private static void metadata(Requests builder, ObjectNode metadata) {
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException("metadata must hold at most " + MAX_METADATA_ENTRIES + " entries");
    }
    for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
      JsonNode value = entry.getValue();
      if (!value.isTextual()) throw new IllegalArgumentException("metadata values must be strings");
      if (entry.getKey().length() > MAX_METADATA_CHARS || value.textValue().length() > MAX_METADATA_CHARS) {
        throw new IllegalArgumentException("metadata keys and values must be at most " + MAX_METADATA_CHARS
            + " characters");
      }
      builder.metadata(entry.getKey(), value.textValue());
    }
  }

  /** Runs {@code parse}, turning {@link IllegalArgumentException} (a bad field) into a 400. */
  private static <T> T parse(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw ApiError.BAD_REQUEST.because(Texts.shortenMessage(e.getMessage()));
    }
  }

  /** Sends without waiting for the result: returns once the broker has the request. */
  private void acknowledged(ExecutionRequest request, Duration timeout) {
    try {
      client.send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw ApiError.UNAVAILABLE.because("the cluster did not take " + request.getExecutionId() + " within "
          + DurationText.format(timeout) + "; try again later");
    } catch (ExecutionException e) {
      throw cannotSubmit(request, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.UNAVAILABLE.because("the gateway is shutting down");
    }
  }

  private static ExecutionResult await(CompletableFuture<ExecutionResult> future, Duration timeout,
      ExecutionRequest request) {
    String id = request.getExecutionId();
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw ApiError.TIMEOUT.because("no result for " + id + " within " + DurationText.format(timeout)
              + "; the execution may still run: GET /executions/" + id + " later")
          .withField("executionId", id).withHeader("Location", "/executions/" + id);
    } catch (ExecutionException e) {
      throw cannotSubmit(request, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.UNAVAILABLE.because("the gateway is shutting down; " + id + " may still run")
          .withField("executionId", id);
    }
  }

  private static UnableToServeException cannotSubmit(ExecutionRequest request, Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof RecordTooLargeException) {
        return ApiError.PAYLOAD_TOO_LARGE.because("the request is too large for one Kafka record; send a smaller"
            + " source or smaller inputs");
      }
    }
    LOG.warn("cannot submit {}: {}", request.getExecutionId(), String.valueOf(error));
    return ApiError.UNAVAILABLE.because("cannot submit " + request.getExecutionId()
        + " to the cluster; try again later");
  }
}
