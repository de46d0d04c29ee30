package io.constellation.history;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the execution history lives and how many connections may be open to it.
 *
 * <pre>{@code
 * HistorySettings settings = HistorySettings.fromEnv(System.getenv());
 * try (HistoryDatabase db = HistoryDatabase.open(settings)) { ... }
 * }</pre>
 *
 * @param jdbcUrl     {@code jdbc:postgresql://host[:port]/database[?...]}; a {@code currentSchema} parameter selects
 *                    the schema the tables live in (it must exist)
 * @param user        the user to connect as
 * @param password    its password, possibly empty; never printed by {@link #toString()}
 * @param maxPoolSize connections the pool may open, 1 to {@value #MAX_POOL_SIZE}
 */
public record HistorySettings(String jdbcUrl, String user, String password, int maxPoolSize) {

  public static final String URL_VARIABLE = "POSTGRES_URL";
  public static final String USER_VARIABLE = "POSTGRES_USER";
  public static final String PASSWORD_VARIABLE = "POSTGRES_PASSWORD";
  public static final String POOL_SIZE_VARIABLE = "POSTGRES_POOL_SIZE";
  public static final String DEFAULT_USER = "postgres";
  public static final int DEFAULT_POOL_SIZE = 4;
  public static final int MAX_POOL_SIZE = 100;

  private static final String URL_PREFIX = "jdbc:postgresql://";
  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&]*");

  public HistorySettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith(URL_PREFIX) || jdbcUrl.length() == URL_PREFIX.length()) {
      throw new IllegalArgumentException("jdbcUrl must look like " + URL_PREFIX + "host:port/database, was '"
          + redact(jdbcUrl) + "'");
    }
    if (user.isBlank()) throw new IllegalArgumentException("user must not be blank");
    if (maxPoolSize < 1 || maxPoolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException("maxPoolSize must be between 1 and " + MAX_POOL_SIZE + ", was " + maxPoolSize);
    }
  }

  /**
   * Settings from {@value #URL_VARIABLE} (required), {@value #USER_VARIABLE} (default {@value #DEFAULT_USER}),
   * {@value #PASSWORD_VARIABLE} (default empty) and {@value #POOL_SIZE_VARIABLE} (default
   * {@value #DEFAULT_POOL_SIZE}).
   *
   * @throws IllegalArgumentException naming the variable and its (redacted) value, e.g. "POSTGRES_URL must look
   *     like jdbc:postgresql://host:port/database, was 'localhost:5432'"
   */
  public static HistorySettings fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String url = trimmed(env.get(URL_VARIABLE));
    if (url == null) {
      throw new IllegalArgumentException(URL_VARIABLE + " is required: the execution history's PostgreSQL, like "
          + URL_PREFIX + "localhost:5432/postgres");
    }
    if (!url.startsWith(URL_PREFIX) || url.length() == URL_PREFIX.length()) {
      throw new IllegalArgumentException(URL_VARIABLE + " must look like " + URL_PREFIX + "host:port/database, was '"
          + redact(url) + "'");
    }
    String user = trimmed(env.get(USER_VARIABLE));
    String password = env.get(PASSWORD_VARIABLE);
    return new HistorySettings(url, user == null ? DEFAULT_USER : user, password == null ? "" : password,
        poolSize(trimmed(env.get(POOL_SIZE_VARIABLE))));
  }

  /** The URL with any {@code password=} parameter blanked, for messages and logs. */
  public String redactedUrl() {
    return redact(jdbcUrl);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "HistorySettings[" + redactedUrl() + ", user " + user + ", maxPoolSize " + maxPoolSize + "]";
  }

  static String redact(String url) {
    return PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
  }

  private static int poolSize(String value) {
    if (value == null) return DEFAULT_POOL_SIZE;
    int size;
    try {
      size = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(POOL_SIZE_VARIABLE + " must be a whole number, was '" + cut(value) + "'", e);
    }
    if (size < 1 || size > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(POOL_SIZE_VARIABLE + " must be between 1 and " + MAX_POOL_SIZE + ", was "
          + size);
    }
    return size;
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String cut(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
