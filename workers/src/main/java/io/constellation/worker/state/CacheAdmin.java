package io.constellation.worker.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.redisson.api.RKeys;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/**
 * Operations on cached entries for {@code constellation cache keys|get|delete|clear} and the worker's
 * {@code /debug/cache-keys}. Keys are found with {@code SCAN MATCH <prefix>*} (never {@code KEYS}), the prefix's
 * glob characters escaped so it matches literally, and listings are bounded. Clearing everything needs
 * {@link #clearAll()}: {@link #clear} refuses an empty prefix.
 *
 * <p>Unlike the caches, these calls report failure: when Redis is degraded or refuses a command they throw
 * {@link UnableToReachCacheException}.
 *
 * <p>Thread-safety: safe for concurrent use (stateless over the shared client).
 */
public final class CacheAdmin {

  /** Most keys one listing returns. */
  public static final int MAX_KEYS = 10_000;
  /** Longest accepted key or prefix, in chars. */
  public static final int MAX_KEY_CHARS = RedisCacheBackend.MAX_KEY_CHARS;
  /** Keys fetched per SCAN round trip and deleted per DEL. */
  private static final int CHUNK = 500;

  private final RedisState state;

  public CacheAdmin(RedisState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  /**
   * Up to {@code limit} keys starting with {@code prefix} (empty: any key), in SCAN order.
   *
   * @throws IllegalArgumentException if {@code limit} is not in [1, {@value #MAX_KEYS}] or the prefix is too long
   */
  public List<String> keys(String prefix, int limit) {
    String checked = checkPrefix(prefix);
    if (limit < 1 || limit > MAX_KEYS) {
      throw new IllegalArgumentException("limit must be in [1, " + MAX_KEYS + "], was " + limit);
    }
    return call("list keys", () -> {
      List<String> keys = new ArrayList<>();
      for (String key : redisKeys().getKeys(scan(checked).limit(limit))) {
        keys.add(key);
        if (keys.size() >= limit) {
          break;
        }
      }
      return keys;
    });
  }

  /** The string value under {@code key}, or empty if absent. */
  public Optional<String> get(String key) {
    String checked = checkKey(key);
    return call("get", () ->
        Optional.ofNullable(state.client().<String>getBucket(checked, StringCodec.INSTANCE).get()));
  }

  /** Deletes {@code key}; true if it existed. */
  public boolean delete(String key) {
    String checked = checkKey(key);
    return call("delete", () -> redisKeys().delete(checked) > 0);
  }

  /**
   * Deletes every key starting with {@code prefix}; returns how many were deleted.
   *
   * @throws IllegalArgumentException for an empty prefix (use {@link #clearAll()})
   */
  public long clear(String prefix) {
    String checked = checkPrefix(prefix);
    if (checked.isEmpty()) {
      throw new IllegalArgumentException("refusing to clear with an empty prefix: use clearAll() to delete every key");
    }
    return deleteMatching(checked);
  }

  /** Deletes every key of the database; returns how many were deleted. */
  public long clearAll() {
    return deleteMatching("");
  }

  private long deleteMatching(String prefix) {
    return call("clear", () -> {
      RKeys keys = redisKeys();
      long deleted = 0;
      List<String> batch = new ArrayList<>(CHUNK);
      for (String key : keys.getKeys(scan(prefix))) {
        batch.add(key);
        if (batch.size() == CHUNK) {
          deleted += keys.delete(batch.toArray(String[]::new));
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        deleted += keys.delete(batch.toArray(String[]::new));
      }
      return deleted;
    });
  }

  private RKeys redisKeys() {
    return state.client().getKeys();
  }

  private static KeysScanOptions scan(String prefix) {
    return KeysScanOptions.defaults().pattern(globEscape(prefix) + "*").chunkSize(CHUNK);
  }

  /** Escapes Redis glob metacharacters so {@code prefix} matches itself only. */
  static String globEscape(String prefix) {
    StringBuilder escaped = new StringBuilder(prefix.length() + 8);
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  private static String checkPrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    if (prefix.length() > MAX_KEY_CHARS) {
      throw new IllegalArgumentException(
          "prefix must be at most " + MAX_KEY_CHARS + " characters, was " + prefix.length());
    }
    return prefix;
  }

  private static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (key.length() > MAX_KEY_CHARS) {
      throw new IllegalArgumentException("key must be at most " + MAX_KEY_CHARS + " characters, was " + key.length());
    }
    return key;
  }

  private <T> T call(String operation, Supplier<T> action) {
    if (!state.available()) {
      throw new UnableToReachCacheException("cannot " + operation + ": redis is " + state.detail(), null);
    }
    try {
      return action.get();
    } catch (org.redisson.client.RedisException e) {
      throw new UnableToReachCacheException("cannot " + operation + ": " + e.getMessage(), e);
    }
  }
}
