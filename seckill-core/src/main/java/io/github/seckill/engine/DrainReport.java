package io.github.seckill.engine;

import java.time.Duration;

/**
 * What a {@link Drain} left: nothing, when it completed in time.
 *
 * @param completed whether every step finished within the timeout
 * @param attemptsInFlight attempts still under way when it gave up
 * @param publishesInFlight publishes the queue had not answered when it gave up
 * @param queueSettled whether consumers settled everything admitted before the drain (always, for a queue that cannot
 *     tell)
 * @param expiredReleased orders the last timeout sweep released
 * @param took how long the drain took
 */
public record DrainReport(boolean completed, int attemptsInFlight, int publishesInFlight, boolean queueSettled,
        int expiredReleased, Duration took) {
}
