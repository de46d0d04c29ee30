/**
 * Running executions again after a fix: {@link io.constellation.submitter.replay.Replayer} re-submits executions
 * selected from the PostgreSQL history (linked to their original by {@code replayOf}), and
 * {@link io.constellation.submitter.replay.DeadLetterQueue} lists the requests the workers dead-lettered and puts
 * them back on the topic they came from.
 */
package io.constellation.submitter.replay;
