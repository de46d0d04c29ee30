package io.constellation.streams;

import io.constellation.history.HistoryDatabase;

/**
 * The streams app alone in a JVM, configured by the environment ({@link StreamsSettings#fromEnv}), for tests that
 * kill it. Prints {@value #STARTED} once started, then runs until the process is killed.
 */
public final class StreamsAppProcess {
  static final String STARTED = "streams app started";

  private StreamsAppProcess() {}

  public static void main(String[] args) throws InterruptedException {
    StreamsSettings settings = StreamsSettings.fromEnv(System.getenv());
    HistoryDatabase db = HistoryDatabase.open(settings.history());
    StreamsApp app = StreamsApp.start(settings, db);
    System.out.println(STARTED + " " + app.settings().applicationId());
    System.out.flush();
    Thread.currentThread().join(); // until killed: no clean close is the point
  }
}
