package io.constellation.ops.cli;

import io.constellation.history.HistorySettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code history}, {@code status} and {@code replay} find the execution history's PostgreSQL:
 * {@code --postgres-url} > {@code POSTGRES_URL} > a live {@code constellation dev} that recorded its PostgreSQL
 * ({@link DevState}) > {@code jdbc:postgresql://127.0.0.1:5432/postgres}. The user and password come from
 * {@code POSTGRES_USER} (default {@code postgres}) and {@code POSTGRES_PASSWORD} (default empty).
 *
 * <p>A URL may be given as {@code postgresql://host:port/db} too; it is read as the JDBC URL
 * {@code jdbc:postgresql://host:port/db}.
 *
 * @param settings what the history database is opened with (a small pool: a command runs one query at a time)
 * @param source where the URL came from, for messages ("--postgres-url", "POSTGRES_URL", "the dev cluster (pid
 *     N)", "the default")
 */
record PostgresAddress(HistorySettings settings, String source) {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  static final int POOL_SIZE = 2;
  private static final String JDBC_PREFIX = "jdbc:postgresql://";

  static PostgresAddress resolve(String urlFlag, Map<String, String> env) {
    String url;
    String source;
    if (urlFlag != null) {
      if (urlFlag.isBlank()) throw new UsageException("--postgres-url needs a URL such as " + DEFAULT_URL);
      url = urlFlag.strip();
      source = "--postgres-url";
    } else if (env.get(HistorySettings.URL_VARIABLE) != null && !env.get(HistorySettings.URL_VARIABLE).isBlank()) {
      url = env.get(HistorySettings.URL_VARIABLE).strip();
      source = HistorySettings.URL_VARIABLE;
    } else {
      Optional<DevState> dev = DevState.findLive(env).filter(state -> state.postgres().isPresent());
      url = dev.map(DevState::postgresUrl).orElse(DEFAULT_URL);
      source = dev.map(state -> "the dev cluster (pid " + state.pid() + ")").orElse("the default");
    }
    if (url.startsWith("postgresql://")) url = "jdbc:" + url;
    if (!url.startsWith(JDBC_PREFIX) || url.length() == JDBC_PREFIX.length()) {
      throw new UsageException("the PostgreSQL URL from " + source + " must look like " + DEFAULT_URL + ", got '"
          + Printable.of(shown(url)) + "'");
    }
    Map<String, String> settings = new HashMap<>();
    settings.put(HistorySettings.URL_VARIABLE, url);
    copy(env, settings, HistorySettings.USER_VARIABLE);
    copy(env, settings, HistorySettings.PASSWORD_VARIABLE);
    settings.put(HistorySettings.POOL_SIZE_VARIABLE, Integer.toString(POOL_SIZE));
    try {
      return new PostgresAddress(HistorySettings.fromEnv(settings), source);
    } catch (IllegalArgumentException e) {
      // fromEnv names the variable (POSTGRES_USER, POSTGRES_PASSWORD) and the value.
      throw new UsageException("PostgreSQL settings are not usable: " + Printable.of(e.getMessage()));
    }
  }

  /** For messages: cut, and any password parameter blanked. */
  private static String shown(String url) {
    String redacted = url.replaceAll("(?i)(password=)[^&]*", "$1***");
    return redacted.length() <= 80 ? redacted : redacted.substring(0, 80) + "...";
  }

  private static void copy(Map<String, String> from, Map<String, String> to, String name) {
    String value = from.get(name);
    if (value != null) to.put(name, value);
  }
}
