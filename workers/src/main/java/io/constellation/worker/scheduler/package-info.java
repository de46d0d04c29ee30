/** The worker's bounded priority scheduler: concurrency limit, priority with aging, starvation promotion. */
package io.constellation.worker.scheduler;
