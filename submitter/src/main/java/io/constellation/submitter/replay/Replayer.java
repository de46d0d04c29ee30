package io.constellation.submitter.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.ExecutionQuery;
import io.constellation.history.ExecutionStorage;
import io.constellation.history.ExecutionSummary;
import io.constellation.history.HistoryException;
import io.constellation.history.PipelineName;
import io.constellation.history.ReplayCandidate;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Runs executions of the history again: selects them ({@link #plan}), then re-submits each with {@code replayOf}
 * set to its original and the next attempt number ({@link #replay}).
 *
 * <pre>{@code
 * Replayer replayer = new Replayer(database.executions(), client);
 * ReplayPlan plan = replayer.plan(ExecutionQuery.builder().status("failed").since(yesterday).build(), false);
 * ReplayReport report = replayer.replay(plan, ReplayProgress.NONE);
 * }</pre>
 *
 * <p>Implementation notes. Every replay links to the first execution of its chain: a replay that failed again is
 * replayed (with {@code again}) as the next attempt of the same original, never as a replay of the replay, so
 * attempts count up per original and the history finds all of them by {@code replay_of}. Without {@code again}
 * an original that was replayed before is left out (the storage knows from its {@code replays} table), and so is
 * a replay (its original was, by definition, replayed): running the same selection twice submits nothing the
 * second time. A replay is recorded only after the broker acknowledged it; a run that stops in between leaves it
 * unrecorded, and the next run sends the same deterministic id ({@link ReplayItem#replayId()}), which the workers
 * do not run twice.
 *
 * <p>Thread-safety: thread-safe if the storage and client are (they are); each call works on its own.
 */
public final class Replayer {
  /** Items looked up in the history and sent per round trip; bounds memory for large selections. */
  static final int WINDOW = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecutionStorage storage;
  private final ConstellationClient client;
  private final InstantSource clock;

  public Replayer(ExecutionStorage storage, ConstellationClient client) {
    this(storage, client, InstantSource.system());
  }

  /** As {@link #Replayer(ExecutionStorage, ConstellationClient)}, reading {@code clock} for the replay times. */
  public Replayer(ExecutionStorage storage, ConstellationClient client, InstantSource clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.client = client;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A plan for storage only: {@link #plan} works without a cluster, {@link #replay} throws
   * {@link IllegalStateException}. What a dry run uses.
   */
  public static Replayer planner(ExecutionStorage storage) {
    return new Replayer(storage, null, InstantSource.system());
  }

  /**
   * The executions matching {@code query} that have a source, as items to replay; nothing is submitted. Without
   * {@code again}, originals replayed before and replays themselves are left out; with it, each selected
   * execution's original is replayed once more. Throws what the storage throws when the history cannot be read.
   */
  public ReplayPlan plan(ExecutionQuery query, boolean again) {
    Objects.requireNonNull(query, "query");
    List<ReplayCandidate> candidates = storage.replayCandidates(query, again);
    Map<String, String> originals = originalsOfReplays(candidates);
    Map<String, ReplayItem> items = new LinkedHashMap<>();
    for (ReplayCandidate candidate : candidates) {
      String originalOfReplay = originals.get(candidate.executionId());
      if (originalOfReplay != null && !again) continue;
      String original = originalOfReplay != null ? originalOfReplay : candidate.executionId();
      if (items.containsKey(original)) continue;
      // The storage counts the original's attempt and every recorded replay; the candidate's own attempt is a
      // floor for an original that was pruned while one of its replays was kept.
      int attempt = Math.max(storage.nextReplayAttempt(original), candidate.attempt() + 1);
      items.put(original, new ReplayItem(original, ReplayIds.of(original, attempt), attempt, candidate.pipeline()));
    }
    return new ReplayPlan(new ArrayList<>(items.values()));
  }

  /**
   * Submits every item of {@code plan} (source and inputs read from the history now), waits for the broker to
   * acknowledge each, then records it as replayed. An item whose original is gone from the history, has no inputs
   * recorded, or cannot be sent is reported as failed and the run goes on; when the history fails
   * ({@link HistoryException}), the run stops and reports the rest as failed.
   */
  public ReplayReport replay(ReplayPlan plan, ReplayProgress progress) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(progress, "progress");
    if (client == null) {
      throw new IllegalStateException("a planner cannot replay; construct the Replayer with a client");
    }
    Run run = new Run(plan.items().size(), progress);
    List<ReplayItem> items = plan.items();
    int from = 0;
    for (; from < items.size() && !run.stopped(); from += WINDOW) {
      replayWindow(items.subList(from, Math.min(items.size(), from + WINDOW)), run);
    }
    for (ReplayItem item : items.subList(Math.min(from, items.size()), items.size())) {
      run.fail(item, "not sent: the history became unavailable (" + run.stopReason + ")");
    }
    return new ReplayReport(run.submitted, run.failed);
  }

  private void replayWindow(List<ReplayItem> window, Run run) {
    Map<String, ReplayCandidate> sources;
    try {
      sources = sources(window);
    } catch (HistoryException e) {
      run.stop(e.getMessage());
      window.forEach(item -> run.fail(item, "not sent: the history became unavailable (" + run.stopReason + ")"));
      return;
    }
    List<ReplayItem> sentItems = new ArrayList<>();
    List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
    for (ReplayItem item : window) {
      ReplayCandidate source = sources.get(item.originalId());
      if (source == null) {
        run.fail(item, "the original is no longer in the history (pruned?) or has no source recorded");
        continue;
      }
      ExecutionRequest request;
      try {
        request = request(item, source);
      } catch (IllegalArgumentException e) {
        run.fail(item, e.getMessage());
        continue;
      }
      sentItems.add(item);
      acks.add(client.send(request));
    }
    for (int i = 0; i < sentItems.size(); i++) {
      ReplayItem item = sentItems.get(i);
      if (run.stopped()) {
        run.fail(item, "sent, but not recorded: the history became unavailable (" + run.stopReason + ")");
        continue;
      }
      try {
        acks.get(i).join();
      } catch (CompletionException e) {
        run.fail(item, "not sent: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        continue;
      }
      try {
        storage.recordReplay(item.originalId(), item.replayId(), item.attempt(), clock.instant());
      } catch (HistoryException e) {
        run.stop(e.getMessage());
        run.fail(item, "sent, but not recorded in the history (" + e.getMessage() + "); a later replay sends the "
            + "same id " + item.replayId() + ", which runs once");
        continue;
      }
      run.submitted(item);
    }
  }

  /** Source and inputs of each item's original, looked up in one query. */
  private Map<String, ReplayCandidate> sources(List<ReplayItem> window) {
    List<String> ids = window.stream().map(ReplayItem::originalId).distinct().toList();
    ExecutionQuery query = ExecutionQuery.builder().ids(ids).limit(ids.size()).build();
    Map<String, ReplayCandidate> found = new HashMap<>();
    for (ReplayCandidate candidate : storage.replayCandidates(query, true)) {
      found.put(candidate.executionId(), candidate);
    }
    return found;
  }

  /**
   * For each candidate that is itself a replay, its original. Only candidates with an attempt above 1 can be
   * replays, so a selection of first attempts costs no lookup.
   */
  private Map<String, String> originalsOfReplays(List<ReplayCandidate> candidates) {
    List<String> maybeReplays = candidates.stream().filter(c -> c.attempt() > 1).map(ReplayCandidate::executionId)
        .distinct().toList();
    Map<String, String> originals = new HashMap<>();
    for (int from = 0; from < maybeReplays.size(); from += WINDOW) {
      List<String> ids = maybeReplays.subList(from, Math.min(maybeReplays.size(), from + WINDOW));
      for (ExecutionSummary summary : storage.list(ExecutionQuery.builder().ids(ids).limit(ids.size()).build())
          .items()) {
        if (summary.replayOf() != null) originals.put(summary.executionId(), summary.replayOf());
      }
    }
    return originals;
  }

  private static ExecutionRequest request(ReplayItem item, ReplayCandidate original) {
    if (original.inputsJson() == null) {
      throw new IllegalArgumentException("the original's inputs were not recorded (too large to keep?), so it "
          + "cannot be run again as it was");
    }
    JsonNode inputs;
    try {
      inputs = JSON.readTree(original.inputsJson());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the original's recorded inputs are not JSON: " + e.getOriginalMessage(), e);
    }
    if (inputs == null || !inputs.isObject()) {
      throw new IllegalArgumentException("the original's recorded inputs are not a JSON object");
    }
    Requests request = Requests.source(original.source())
        .inputs((ObjectNode) inputs)
        .executionId(item.replayId())
        .attempt(item.attempt())
        .replayOf(item.originalId());
    // Keeps the replay under the original's name in the history and the statistics.
    if (item.pipeline() != null && !item.pipeline().isBlank() && !item.pipeline().equals(PipelineName.UNKNOWN)) {
      request.metadata(PipelineName.METADATA_KEY, item.pipeline());
    }
    return request.build();
  }

  /** The state of one {@link #replay} call. */
  private static final class Run {
    private final int total;
    private final ReplayProgress progress;
    private final List<ReplayItem> submitted = new ArrayList<>();
    private final List<ReplayFailure> failed = new ArrayList<>();
    private String stopReason;

    Run(int total, ReplayProgress progress) {
      this.total = total;
      this.progress = progress;
    }

    boolean stopped() {
      return stopReason != null;
    }

    void stop(String reason) {
      stopReason = reason == null ? "unknown error" : reason;
    }

    void submitted(ReplayItem item) {
      submitted.add(item);
      progress.submitted(item, done(), total);
    }

    void fail(ReplayItem item, String message) {
      ReplayFailure failure = new ReplayFailure(item, message);
      failed.add(failure);
      progress.failed(failure, done(), total);
    }

    private int done() {
      return submitted.size() + failed.size();
    }
  }
}
