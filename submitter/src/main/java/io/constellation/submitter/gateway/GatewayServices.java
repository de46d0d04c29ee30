package io.constellation.submitter.gateway;

import com.codahale.metrics.MetricRegistry;
import io.constellation.engine.Compiler;
import io.constellation.history.ExecutionStorage;
import io.constellation.streams.StatsView;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.replay.Replayer;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway serves from. The gateway uses these but does not own them: whoever built them closes them, after
 * closing the gateway.
 *
 * <pre>{@code
 * GatewayServices services = GatewayServices.of(client, Compiler.create(modules), readiness, new MetricRegistry())
 *     .withHistory(database.executions())      // GET /executions..., replays; 503 without
 *     .withStats(statsView);                   // GET /stats; 503 without
 * }</pre>
 *
 * @param client    submits {@code /run} and {@code /execute} and the replays
 * @param compiler  answers {@code /compile}
 * @param readiness answers {@code /health/ready}
 * @param metrics   where request metrics go; {@code /metrics} shows the whole registry
 * @param history   the execution history, if any
 * @param replayer  replays from {@code history}; present exactly when it is
 * @param stats     the live windowed statistics, if any
 * @param clock     read for relative filter times ({@code since=2h})
 */
public record GatewayServices(ConstellationClient client, Compiler compiler, ReadinessCheck readiness,
    MetricRegistry metrics, Optional<ExecutionStorage> history, Optional<Replayer> replayer,
    Optional<StatsView> stats, InstantSource clock) {

  public GatewayServices {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(compiler, "compiler");
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(replayer, "replayer");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(clock, "clock");
    if (history.isPresent() != replayer.isPresent()) {
      throw new IllegalArgumentException("history and replayer go together: both present or both absent");
    }
  }

  /** Services without history or statistics (their routes answer 503), on the system clock. */
  public static GatewayServices of(ConstellationClient client, Compiler compiler, ReadinessCheck readiness,
      MetricRegistry metrics) {
    return new GatewayServices(client, compiler, readiness, metrics, Optional.empty(), Optional.empty(),
        Optional.empty(), InstantSource.system());
  }

  /** With the execution history, replaying through a {@link Replayer} over it and this client. */
  public GatewayServices withHistory(ExecutionStorage storage) {
    return withHistory(storage, new Replayer(storage, client, clock));
  }

  /** With the execution history and the replayer to use. */
  public GatewayServices withHistory(ExecutionStorage storage, Replayer replays) {
    return new GatewayServices(client, compiler, readiness, metrics, Optional.of(storage), Optional.of(replays), stats,
        clock);
  }

  public GatewayServices withStats(StatsView view) {
    return new GatewayServices(client, compiler, readiness, metrics, history, replayer, Optional.of(view), clock);
  }

  public GatewayServices withClock(InstantSource instantSource) {
    return new GatewayServices(client, compiler, readiness, metrics, history, replayer, stats, instantSource);
  }
}
