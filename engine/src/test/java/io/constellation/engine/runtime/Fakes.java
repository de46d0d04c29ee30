package io.constellation.engine.runtime;

import io.constellation.engine.spi.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A settable clock and a sleeper that records waits and advances that clock instead of sleeping. */
final class Fakes {
  private Fakes() {}

  static final class Clock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration duration) {
      now.updateAndGet(t -> t.plus(duration));
    }
  }

  static final class RecordingSleeper implements Sleeper {
    private final Clock clock;
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    RecordingSleeper(Clock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
      clock.advance(duration);
    }

    List<Long> millis() {
      return waits.stream().map(Duration::toMillis).toList();
    }
  }
}
