package io.constellation.worker;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One process setting: its environment variable, its command-line flag, how a value is parsed and checked, its
 * default and its documentation. {@link WorkerSettings} holds the table of them; parsing, validation and
 * {@code --help} all read that table, so a setting is described exactly once.
 *
 * <p>A flag overrides the environment variable. A value that does not parse fails with an
 * {@link IllegalArgumentException} naming whichever of the two supplied it, and the value:
 * {@code "CONSTELLATION_SCHEDULER_MAX_CONCURRENCY must be >= 1, was 0"}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

  /** Parses and validates one textual value. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * Returns the value of {@code text}.
     *
     * @throws IllegalArgumentException whose message completes the sentence "NAME ...", such as
     *     "must be >= 1"; the setting adds the name and the offending value
     */
    T parse(String text);
  }

  /** Longest part of a bad value quoted back in an error message; values are user input and may be huge. */
  private static final int MAX_QUOTED_VALUE = 80;

  private final String env;
  private final String flag;
  private final Parser<T> parser;
  private final Optional<T> defaultValue;
  private final String defaultDoc;
  private final String doc;

  private Setting(String env, String flag, Parser<T> parser, Optional<T> defaultValue, String defaultDoc,
      String doc) {
    this.env = Objects.requireNonNull(env, "env");
    this.flag = Objects.requireNonNull(flag, "flag");
    if (!flag.startsWith("--")) {
      throw new IllegalArgumentException("flag must start with --, was " + flag);
    }
    this.parser = Objects.requireNonNull(parser, "parser");
    this.defaultValue = defaultValue;
    this.defaultDoc = Objects.requireNonNull(defaultDoc, "defaultDoc");
    this.doc = Objects.requireNonNull(doc, "doc");
  }

  /** A setting with a fixed default. */
  public static <T> Setting<T> of(String env, String flag, Parser<T> parser, T defaultValue, String doc) {
    String defaultDoc = defaultValue instanceof java.time.Duration d ? Parsers.format(d) : String.valueOf(defaultValue);
    return new Setting<>(env, flag, parser, Optional.of(defaultValue), defaultDoc, doc);
  }

  /**
   * A setting whose default depends on other settings (or on chance, like a random node id); the caller computes
   * it, and {@code defaultDoc} says how for {@code --help}.
   */
  public static <T> Setting<T> derived(String env, String flag, Parser<T> parser, String defaultDoc, String doc) {
    return new Setting<>(env, flag, parser, Optional.empty(), defaultDoc, doc);
  }

  /** The environment variable, e.g. {@code CONSTELLATION_PORT}. */
  public String env() {
    return env;
  }

  /** The command-line flag, e.g. {@code --port}. */
  public String flag() {
    return flag;
  }

  /** The default as shown by {@code --help}. */
  public String defaultDoc() {
    return defaultDoc;
  }

  /** What the setting does. */
  public String doc() {
    return doc;
  }

  /**
   * The value the flags or the environment give, the flag winning; empty when neither does.
   *
   * @throws IllegalArgumentException naming the flag or variable and the value when the value is invalid
   */
  public Optional<T> find(Map<String, String> env, Map<String, String> flags) {
    String fromFlag = flags.get(flag);
    if (fromFlag != null) {
      return Optional.of(parse(flag, fromFlag));
    }
    String fromEnv = env.get(this.env);
    if (fromEnv != null) {
      return Optional.of(parse(this.env, fromEnv));
    }
    return Optional.empty();
  }

  /**
   * The value the flags or the environment give, else the fixed default.
   *
   * @throws IllegalStateException for a {@linkplain #derived derived} setting, whose default only the caller knows
   */
  public T get(Map<String, String> env, Map<String, String> flags) {
    return find(env, flags).or(() -> defaultValue).orElseThrow(
        () -> new IllegalStateException(this.env + " has a derived default; use find() and compute it"));
  }

  private T parse(String source, String text) {
    try {
      return parser.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " " + e.getMessage() + ", was " + quote(text), e);
    }
  }

  /** Quotes a user value safely: bounded length, control characters escaped, empty made visible. */
  static String quote(String text) {
    if (text.isEmpty()) {
      return "'' (empty)";
    }
    StringBuilder out = new StringBuilder();
    int limit = Math.min(text.length(), MAX_QUOTED_VALUE);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > limit) {
      out.append("... (").append(text.length()).append(" chars)");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return env + " / " + flag;
  }
}
