package io.constellation.worker.resilience;

import io.constellation.engine.spi.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The circuit transitions, each one Lua script run atomically by Redis on the hash {@code circuit:<module>}
 * (fields state, failures, since, probes, version). A script that changes the hash bumps {@code version},
 * refreshes the key's expiry and PUBLISHes the new snapshot on the circuit channel in the same atomic step, so
 * the broadcast order is the commit order and no node can miss a transition while connected.
 *
 * <p>Each script touches only {@code KEYS[1]} (PUBLISH names no key), so it also runs on a Redis Cluster.
 * ARGV: 1 module, 2 channel, 3 key expiry (ms), 4 now (epoch ms), then per script.
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
final class CircuitScripts {

  /** How long an untouched circuit stays in Redis; a forgotten open circuit closes by disappearing. */
  static final Duration KEY_EXPIRY = Duration.ofDays(7);

  private static final String PUBLISH = """
      local function publish()
        local v = redis.call('HINCRBY', KEYS[1], 'version', 1)
        local h = redis.call('HMGET', KEYS[1], 'state', 'failures', 'since', 'probes')
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('PUBLISH', ARGV[2], v .. '|' .. h[1] .. '|' .. h[2] .. '|' .. h[3] .. '|' .. h[4] .. '|' .. ARGV[1])
      end
      """;

  /** ARGV 5 threshold. Closed: count; at the threshold open. Half-open: re-open. Open: nothing. */
  private static final String FAILURE = PUBLISH + """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st == 'open' then return 0 end
      if st == 'half_open' then
        redis.call('HSET', KEYS[1], 'state', 'open', 'since', ARGV[4], 'probes', '0')
      else
        local f = redis.call('HINCRBY', KEYS[1], 'failures', 1)
        if f >= tonumber(ARGV[5]) then
          redis.call('HSET', KEYS[1], 'state', 'open', 'since', ARGV[4], 'probes', '0')
        elseif not st then
          redis.call('HSET', KEYS[1], 'state', 'closed', 'since', '0', 'probes', '0')
        end
      end
      publish()
      return 1
      """;

  /** Half-open, or closed with failures counted: close and forget the failures. */
  private static final String SUCCESS = PUBLISH + """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st == 'half_open' or (st == 'closed' and tonumber(redis.call('HGET', KEYS[1], 'failures')) > 0) then
        redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', '0', 'since', '0', 'probes', '0')
        publish()
        return 1
      end
      return 0
      """;

  /**
   * ARGV 5 reset (ms), 6 probes. Returns {@link #PROBE_TAKEN} to the first caller after the reset period (open ->
   * half-open), to a caller finding probes left, or to one finding the probes taken a whole reset period ago
   * (their node died before reporting); {@link #NOT_OPEN} if the circuit is closed or gone (the caller's mirror
   * is stale: a missed reset, or a Redis that lost its data); {@link #DENIED} otherwise.
   */
  private static final String PROBE = PUBLISH + """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st ~= 'open' and st ~= 'half_open' then return 2 end
      local now = tonumber(ARGV[4])
      local due = tonumber(redis.call('HGET', KEYS[1], 'since')) + tonumber(ARGV[5])
      if st == 'open' then
        if now < due then return 0 end
        redis.call('HSET', KEYS[1], 'state', 'half_open', 'since', ARGV[4], 'probes', tonumber(ARGV[6]) - 1)
      else
        local left = tonumber(redis.call('HGET', KEYS[1], 'probes'))
        if left > 0 then
          redis.call('HSET', KEYS[1], 'probes', left - 1)
        elseif now >= due then
          redis.call('HSET', KEYS[1], 'since', ARGV[4], 'probes', tonumber(ARGV[6]) - 1)
        else
          return 0
        end
      end
      publish()
      return 1
      """;

  /** Admin reset: close an existing circuit; 0 if there is none (no key is created for a mistyped name). */
  private static final String RESET = PUBLISH + """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', '0', 'since', '0', 'probes', '0')
      publish()
      return 1
      """;

  static final long DENIED = 0;
  static final long PROBE_TAKEN = 1;
  static final long NOT_OPEN = 2;

  private final RScript script;
  private final String channel;

  CircuitScripts(RedissonClient client, String channel) {
    this.script = client.getScript(StringCodec.INSTANCE);
    this.channel = channel;
  }

  RFuture<Long> failureAsync(String module, long nowMillis, CircuitBreakerConfig config) {
    return run(FAILURE, module, nowMillis, Integer.toString(config.failureThreshold()));
  }

  RFuture<Long> successAsync(String module, long nowMillis) {
    return run(SUCCESS, module, nowMillis);
  }

  RFuture<Long> probeAsync(String module, long nowMillis, CircuitBreakerConfig config) {
    return run(PROBE, module, nowMillis, Long.toString(config.resetAfter().toMillis()),
        Integer.toString(config.halfOpenProbes()));
  }

  RFuture<Long> resetAsync(String module, long nowMillis) {
    return run(RESET, module, nowMillis);
  }

  static String key(String module) {
    return DistributedCircuitBreakers.KEY_PREFIX + module;
  }

  private RFuture<Long> run(String lua, String module, long nowMillis, String... extra) {
    Object[] args = new Object[4 + extra.length];
    args[0] = module;
    args[1] = channel;
    args[2] = Long.toString(KEY_EXPIRY.toMillis());
    args[3] = Long.toString(nowMillis);
    System.arraycopy(extra, 0, args, 4, extra.length);
    return script.evalAsync(RScript.Mode.READ_WRITE, lua, RScript.ReturnType.LONG, List.<Object>of(key(module)), args);
  }
}
