package io.constellation.submitter.batch;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a running batch.
 *
 * @param done lines finished in this run (answered, rejected as malformed, or given up on)
 * @param total lines this run has to do (non-blank lines minus those resumed from the output file)
 * @param ratePerSecond lines finished per second since the run started
 * @param eta time left at the current rate; empty until the rate is known
 * @param failures lines finished with another status than completed (failed, rejected, expired, missing)
 * @param elapsed time since the run started
 */
public record BatchProgress(long done, long total, double ratePerSecond, Optional<Duration> eta, long failures,
    Duration elapsed) {}
