package io.constellation.ops.cli;

import io.constellation.submitter.batch.BatchProgress;
import io.constellation.submitter.batch.BatchProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a batch's progress: on a terminal one line redrawn in place with {@code \r} (a bar, done/total, rate,
 * ETA, failures); elsewhere (a log, a pipe) a plain line per report.
 *
 * <p>Thread-safety: the batch runner calls it one report at a time.
 */
final class BatchProgressPrinter implements BatchProgressListener {
  private static final int BAR_WIDTH = 30;

  private final PrintStream err;
  private final boolean terminal;
  private int lastWidth;

  BatchProgressPrinter(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void onProgress(BatchProgress p) {
    String text = String.format(Locale.ROOT, "%d/%d  %.1f/s  ETA %s  failures %d", p.done(), p.total(),
        p.ratePerSecond(), p.eta().map(BatchProgressPrinter::duration).orElse("--"), p.failures());
    if (terminal) {
      int filled = p.total() == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * p.done() / p.total());
      String line = "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + text;
      // Pad over what the previous, longer line left on screen.
      err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      err.flush();
    } else {
      err.println("progress " + text);
    }
  }

  /** Ends the redrawn line so what follows starts on a fresh one. */
  void finish() {
    if (terminal && lastWidth > 0) err.println();
  }

  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) return seconds + "s";
    if (seconds < 3600) return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
