package io.constellation.engine.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process token buckets and semaphores. A bucket is refilled lazily from the elapsed clock time when a token
 * is asked for; a caller that finds it empty computes when the next token is due and sleeps that long through the
 * {@link Sleeper} outside the lock, then tries again.
 */
final class LocalRateLimiters implements RateLimiterRegistry {
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Semaphore> semaphores = new ConcurrentHashMap<>();

  LocalRateLimiters(InstantSource clock, Sleeper sleeper) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public void acquireToken(String module, long count, Duration per) throws InterruptedException {
    if (count < 1) throw new IllegalArgumentException("count must be >= 1, was " + count);
    if (!per.isPositive()) throw new IllegalArgumentException("per must be positive, was " + per);
    Bucket bucket = buckets.computeIfAbsent(module, m -> new Bucket(count, per, clock.instant()));
    while (true) {
      Duration wait = bucket.tryTake(clock.instant());
      if (wait.isZero()) return;
      sleeper.sleep(wait);
    }
  }

  @Override
  public Permit acquirePermit(String module, int limit) throws InterruptedException {
    if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    Semaphore semaphore = semaphores.computeIfAbsent(module, m -> new Semaphore(limit, true));
    semaphore.acquire();
    return semaphore::release;
  }

  private static final class Bucket {
    private final double capacity;
    private final double nanosPerToken;
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens;
    private Instant refilledAt;

    Bucket(long capacity, Duration per, Instant now) {
      this.capacity = capacity;
      this.nanosPerToken = (double) per.toNanos() / capacity;
      this.tokens = capacity;
      this.refilledAt = now;
    }

    /** Takes a token and returns zero, or returns how long until one is due. */
    Duration tryTake(Instant now) {
      lock.lock();
      try {
        if (now.isAfter(refilledAt)) {
          long elapsed = Duration.between(refilledAt, now).toNanos();
          tokens = Math.min(capacity, tokens + elapsed / nanosPerToken);
          refilledAt = now;
        }
        if (tokens >= 1.0) {
          tokens -= 1.0;
          return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(1L, (long) Math.ceil((1.0 - tokens) * nanosPerToken)));
      } finally {
        lock.unlock();
      }
    }
  }
}
