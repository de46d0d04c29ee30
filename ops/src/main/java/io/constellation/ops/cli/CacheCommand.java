package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.worker.state.CacheAdmin;
import io.constellation.worker.state.UnableToReachCacheException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code constellation cache keys [--prefix P] [--limit N] | get KEY | delete KEY | clear (--prefix P | --all)}:
 * look at and remove the entries the workers cache in Redis (compilations, module results, executions). Redis is
 * found as {@link RedisAddress} says. Exit codes: 0 done, 1 no such key (get, delete), 64 usage, 69 Redis
 * unreachable.
 *
 * <p>Keys come from anywhere, so text output escapes control characters ({@link Printable}); {@code --json}
 * output has them exactly. A key that looks like an option is given after {@code --}.
 */
final class CacheCommand {
  static final int DEFAULT_LIMIT = 1000;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  CacheCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("--")) {
      throw new UsageException("cache needs a subcommand: keys, get, delete or clear");
    }
    List<String> rest = args.subList(1, args.size());
    return switch (args.get(0)) {
      case "keys" -> keys(Arguments.parse(rest, Set.of("--json"), Set.of("--prefix", "--limit", "--redis-url")));
      case "get" -> get(Arguments.parse(rest, Set.of("--json"), Set.of("--redis-url")));
      case "delete" -> delete(Arguments.parse(rest, Set.of("--json"), Set.of("--redis-url")));
      case "clear" -> clear(Arguments.parse(rest, Set.of("--json", "--all"), Set.of("--prefix", "--redis-url")));
      default -> throw new UsageException("unknown cache subcommand '" + Printable.of(args.get(0))
          + "' (keys, get, delete or clear)");
    };
  }

  private int keys(Arguments parsed) {
    noPositional(parsed, "cache keys");
    String prefix = prefix(parsed, true);
    int limit = limit(parsed.one("--limit", null));
    boolean json = parsed.has("--json");
    List<String> keys;
    boolean truncated;
    try (RedisSession redis = session(parsed)) {
      // One more than asked, to tell "exactly limit" from "more than limit".
      List<String> found = call(redis, () -> new CacheAdmin(redis.state()).keys(prefix, Math.min(limit + 1, CacheAdmin.MAX_KEYS)));
      truncated = found.size() > limit;
      keys = truncated ? found.subList(0, limit) : found;
    }
    if (json) {
      ObjectNode document = Json.object();
      document.put("prefix", prefix);
      ArrayNode array = document.putArray("keys");
      keys.forEach(array::add);
      document.put("count", keys.size());
      document.put("truncated", truncated);
      out.println(Json.write(document));
    } else {
      keys.forEach(key -> out.println(Printable.of(key)));
      err.println(keys.size() + " key(s)" + (prefix.isEmpty() ? "" : " starting with '" + Printable.of(prefix) + "'")
          + (truncated ? " (more exist: raise --limit, up to " + CacheAdmin.MAX_KEYS + ")" : ""));
    }
    return Main.EXIT_OK;
  }

  private int get(Arguments parsed) {
    String key = key(parsed, "cache get");
    boolean json = parsed.has("--json");
    Optional<String> value;
    try (RedisSession redis = session(parsed)) {
      value = call(redis, () -> new CacheAdmin(redis.state()).get(key));
    }
    if (json) {
      ObjectNode document = Json.object();
      document.put("key", key);
      document.put("found", value.isPresent());
      document.put("value", value.orElse(null));
      out.println(Json.write(document));
    } else if (value.isPresent()) {
      out.println(value.get());
    } else {
      err.println("no key '" + Printable.of(key) + "'");
    }
    return value.isPresent() ? Main.EXIT_OK : Main.EXIT_FAILED;
  }

  private int delete(Arguments parsed) {
    String key = key(parsed, "cache delete");
    boolean json = parsed.has("--json");
    boolean deleted;
    try (RedisSession redis = session(parsed)) {
      deleted = call(redis, () -> new CacheAdmin(redis.state()).delete(key));
    }
    if (json) {
      ObjectNode document = Json.object();
      document.put("key", key);
      document.put("deleted", deleted);
      out.println(Json.write(document));
    } else if (deleted) {
      out.println("deleted '" + Printable.of(key) + "'");
    } else {
      err.println("no key '" + Printable.of(key) + "'; nothing deleted");
    }
    return deleted ? Main.EXIT_OK : Main.EXIT_FAILED;
  }

  private int clear(Arguments parsed) {
    noPositional(parsed, "cache clear");
    boolean all = parsed.has("--all");
    boolean json = parsed.has("--json");
    String prefix = parsed.has("--prefix") ? prefix(parsed, false) : null;
    if (all && prefix != null) throw new UsageException("cache clear takes --prefix P or --all, not both");
    if (!all && prefix == null) {
      throw new UsageException("cache clear without --prefix deletes every key of the Redis database"
          + " (caches, circuits, limits): pass --all to confirm, or --prefix P");
    }
    long deleted;
    try (RedisSession redis = session(parsed)) {
      CacheAdmin admin = new CacheAdmin(redis.state());
      deleted = call(redis, () -> all ? admin.clearAll() : admin.clear(prefix));
    }
    if (json) {
      ObjectNode document = Json.object();
      document.put("prefix", prefix);
      document.put("all", all);
      document.put("deleted", deleted);
      out.println(Json.write(document));
    } else {
      out.println("deleted " + deleted + " key(s)"
          + (all ? " (every key of the database)" : " starting with '" + Printable.of(prefix) + "'"));
    }
    return Main.EXIT_OK;
  }

  private RedisSession session(Arguments parsed) {
    return RedisSession.open(RedisAddress.resolve(parsed.one("--redis-url", null), env));
  }

  private interface RedisCall<T> {
    T call();
  }

  /** Runs one admin call, mapping Redis failures to exit 69 and rejected arguments to usage errors. */
  private static <T> T call(RedisSession redis, RedisCall<T> action) {
    try {
      return action.call();
    } catch (UnableToReachCacheException e) {
      throw redis.unreachable(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static void noPositional(Arguments parsed, String command) {
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + Printable.of(abbreviate(parsed.positional().get(0)))
          + "' for " + command);
    }
  }

  private static String key(Arguments parsed, String command) {
    if (parsed.positional().isEmpty()) throw new UsageException(command + " needs a KEY");
    if (parsed.positional().size() > 1) {
      throw new UsageException(command + " takes one KEY, got also '" + Printable.of(abbreviate(parsed.positional().get(1)))
          + "' (quote a key with spaces)");
    }
    String key = parsed.positional().get(0);
    if (key.isEmpty()) throw new UsageException(command + ": KEY must not be empty");
    if (key.length() > CacheAdmin.MAX_KEY_CHARS) {
      throw new UsageException(command + ": KEY must be at most " + CacheAdmin.MAX_KEY_CHARS + " characters, was "
          + key.length());
    }
    return key;
  }

  /** The --prefix value; empty (any key) when absent and {@code absentMeansAll}. */
  private static String prefix(Arguments parsed, boolean absentMeansAll) {
    String prefix = parsed.one("--prefix", null);
    if (prefix == null) {
      if (absentMeansAll) return "";
      throw new UsageException("--prefix needs a value");
    }
    if (prefix.isEmpty()) throw new UsageException("--prefix must not be empty (omit it, or use clear --all)");
    if (prefix.length() > CacheAdmin.MAX_KEY_CHARS) {
      throw new UsageException("--prefix must be at most " + CacheAdmin.MAX_KEY_CHARS + " characters, was "
          + prefix.length());
    }
    return prefix;
  }

  private static int limit(String text) {
    if (text == null) return DEFAULT_LIMIT;
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= CacheAdmin.MAX_KEYS) return limit;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--limit expects a number from 1 to " + CacheAdmin.MAX_KEYS + ", got '"
        + Printable.of(abbreviate(text)) + "'");
  }

  static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
