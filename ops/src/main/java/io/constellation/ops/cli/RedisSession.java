package io.constellation.ops.cli;

import io.constellation.worker.state.RedisState;
import java.time.InstantSource;
import java.util.Objects;

/**
 * One command's connection to Redis: opened only once Redis answered, so a command never works on a degraded
 * connection; closed by the command (try-with-resources).
 *
 * <p>Thread-safety: used by one command on one thread.
 */
final class RedisSession implements AutoCloseable {
  private final RedisState state;
  private final RedisAddress address;

  private RedisSession(RedisState state, RedisAddress address) {
    this.state = state;
    this.address = address;
  }

  /**
   * Connects to {@code address}.
   *
   * @throws UsageException if the URL is malformed (exit 64)
   * @throws CommandException with exit 69 if Redis does not answer
   */
  static RedisSession open(RedisAddress address) {
    Objects.requireNonNull(address, "address");
    RedisState state;
    try {
      state = RedisState.connect(address.url(), InstantSource.system());
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad Redis URL from " + address.source() + ": " + e.getMessage());
    }
    if (!state.available()) {
      state.close();
      throw unreachable(address, null);
    }
    return new RedisSession(state, address);
  }

  RedisState state() {
    return state;
  }

  /** Exit 69 naming the address, where it came from and what to try. */
  CommandException unreachable(String detail) {
    return unreachable(address, detail);
  }

  private static CommandException unreachable(RedisAddress address, String detail) {
    return CommandException.unavailable("cannot reach Redis at " + address.url() + " (from " + address.source() + ")"
        + (detail == null ? "" : ": " + detail)
        + "; start it, run 'constellation dev', or pass --redis-url / set REDIS_URL");
  }

  @Override
  public void close() {
    state.close();
  }
}
