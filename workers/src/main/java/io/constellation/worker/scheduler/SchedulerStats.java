package io.constellation.worker.scheduler;

/**
 * A snapshot of a {@link PriorityScheduler}'s counters.
 *
 * @param active                tasks running now
 * @param queued                tasks waiting now
 * @param submitted             tasks accepted since start
 * @param completed             tasks finished (normally or with an exception) since start
 * @param highPriorityCompleted finished tasks submitted with priority >= 80
 * @param lowPriorityCompleted  finished tasks submitted with priority <= 20
 * @param promotions            tasks that jumped the queue after waiting longer than the starvation timeout
 */
public record SchedulerStats(
    int active,
    int queued,
    long submitted,
    long completed,
    long highPriorityCompleted,
    long lowPriorityCompleted,
    long promotions) {}
