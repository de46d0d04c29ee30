package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.ExecutionQuery;
import io.constellation.history.ExecutionStorage;
import io.constellation.history.HistoryException;
import io.constellation.history.HistoryJson;
import io.constellation.history.StoredExecution;
import io.constellation.submitter.replay.ReplayFailure;
import io.constellation.submitter.replay.ReplayItem;
import io.constellation.submitter.replay.ReplayPlan;
import io.constellation.submitter.replay.ReplayProgress;
import io.constellation.submitter.replay.ReplayReport;
import io.constellation.submitter.replay.Replayer;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution history routes, over {@link ExecutionStorage} and {@link Replayer}; all answer 503 when the
 * gateway runs without a history, or when PostgreSQL fails (the details are logged, not sent).
 *
 * <ul>
 *   <li>{@code GET /executions/{id}}: the stored execution with its node results ({@link HistoryJson#execution}),
 *       404 when unknown (not recorded yet, pruned, or never run);</li>
 *   <li>{@code GET /executions?status=&pipeline=&node=&since=&until=&limit=&offset=}: a page of summaries, newest
 *       completed first ({@link HistoryJson#page});</li>
 *   <li>{@code POST /executions/{id}/replay} with an optional body {@code {"dryRun": bool, "again": bool}}: runs that
 *       execution again; 404 when unknown, 409 when it was replayed already (without {@code again}) or has no
 *       source recorded;</li>
 *   <li>{@code POST /replay} with the CLI's filters ({@link ExecutionFilters}) plus {@code dryRun} and
 *       {@code again}; without a status, failed executions are selected.</li>
 * </ul>
 * A replay answers 200 for a dry run ({@code {"dryRun": true, "items": [...]}}) and 202 once submitted
 * ({@code {"dryRun": false, "submitted": [...], "failed": [{..., "message"}]}}); each item is
 * {@code {"originalId", "replayId", "attempt", "pipeline", "location"}}.
 *
 * <p>Thread-safety: thread-safe (storage and replayer are).
 */
final class HistoryRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryRoutes.class);
  private static final String NO_HISTORY = "this gateway runs without the execution history (no PostgreSQL"
      + " configured)";
  private static final Set<String> REPLAY_ONE_FIELDS = Set.of("dryRun", "again");
  private static final String DEFAULT_REPLAY_STATUS = "failed";

  private final Optional<ExecutionStorage> storage;
  private final Optional<Replayer> replayer;
  private final InstantSource clock;

  HistoryRoutes(Optional<ExecutionStorage> storage, Optional<Replayer> replayer, InstantSource clock) {
    this.storage = storage;
    this.replayer = replayer;
    this.clock = clock;
  }

  Response get(GatewayRequest request) {
    request.query(Set.of());
    ExecutionStorage history = storage();
    String id = request.param("id");
    StoredExecution execution = ExecutionFilters.id(id)
        .flatMap(checked -> read(() -> history.get(checked)))
        .orElseThrow(() -> unknown(id));
    return Response.ok(HistoryJson.execution(execution));
  }

  Response list(GatewayRequest request) {
    ExecutionQuery query = ExecutionFilters.fromQuery(request.query(ExecutionFilters.QUERY_PARAMETERS), clock.instant());
    ExecutionStorage history = storage();
    return Response.ok(HistoryJson.page(read(() -> history.list(query))));
  }

  Response replayOne(GatewayRequest request) throws IOException {
    request.query(Set.of());
    BodyFields body = BodyFields.of(request.optionalJsonBody(), REPLAY_ONE_FIELDS);
    ExecutionStorage history = storage();
    Replayer replays = replayer();  // present exactly when the storage is (GatewayServices checks)
    String id = request.param("id");
    String checked = ExecutionFilters.id(id).orElseThrow(() -> unknown(id));
    if (read(() -> history.get(checked)).isEmpty()) throw unknown(id);
    boolean again = body.bool("again");
    ExecutionQuery query = ExecutionQuery.builder().ids(List.of(checked)).limit(1).build();
    ReplayPlan plan = read(() -> replays.plan(query, again));
    if (plan.isEmpty()) {
      throw ApiError.CONFLICT.because("execution " + Texts.shorten(checked) + " was replayed already or has no source"
          + " recorded; send {\"again\": true} to replay it once more");
    }
    return replay(replays, plan, body.bool("dryRun"));
  }

  Response replaySelection(GatewayRequest request) throws IOException {
    request.query(Set.of());
    BodyFields body = BodyFields.of(request.jsonBody(), ExecutionFilters.REPLAY_FIELDS);
    ExecutionQuery query = ExecutionFilters.fromBody(body, clock.instant(), DEFAULT_REPLAY_STATUS);
    Replayer replays = replayer();
    ReplayPlan plan = read(() -> replays.plan(query, body.bool("again")));
    return replay(replays, plan, body.bool("dryRun"));
  }

  private static Response replay(Replayer replays, ReplayPlan plan, boolean dryRun) {
    ObjectNode answer = GatewayJson.object().put("dryRun", dryRun);
    if (dryRun) {
      ArrayNode items = answer.putArray("items");
      plan.items().forEach(item -> items.add(item(item)));
      return Response.ok(answer);
    }
    ReplayReport report = read(() -> replays.replay(plan, ReplayProgress.NONE));
    ArrayNode submitted = answer.putArray("submitted");
    report.submitted().forEach(item -> submitted.add(item(item)));
    ArrayNode failed = answer.putArray("failed");
    for (ReplayFailure failure : report.failed()) {
      failed.add(item(failure.item()).put("message", Texts.shortenMessage(failure.message())));
    }
    Response response = Response.of(202, answer);
    return report.submitted().size() == 1
        ? response.withHeader("Location", "/executions/" + report.submitted().get(0).replayId())
        : response;
  }

  private static ObjectNode item(ReplayItem item) {
    return GatewayJson.object().put("originalId", item.originalId()).put("replayId", item.replayId())
        .put("attempt", item.attempt()).put("pipeline", item.pipeline())
        .put("location", "/executions/" + item.replayId());
  }

  private ExecutionStorage storage() {
    return storage.orElseThrow(() -> ApiError.UNAVAILABLE.because(NO_HISTORY));
  }

  private Replayer replayer() {
    return replayer.orElseThrow(() -> ApiError.UNAVAILABLE.because(NO_HISTORY));
  }

  private static UnableToServeException unknown(String id) {
    return ApiError.NOT_FOUND.because("no execution " + Texts.shorten(id) + " in the history (not recorded yet,"
        + " pruned, or never run)");
  }

  /** Runs a history call; a database failure is a 503 whose details stay in the log. */
  private static <T> T read(Supplier<T> call) {
    try {
      return call.get();
    } catch (HistoryException e) {
      LOG.warn("execution history call failed: {}", e.toString());
      throw ApiError.UNAVAILABLE.because("the execution history is unavailable; try again later");
    }
  }
}
