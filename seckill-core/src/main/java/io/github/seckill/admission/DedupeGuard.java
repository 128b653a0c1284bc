package io.github.seckill.admission;

import java.util.Optional;

/**
 * Lets each user into an activity at most once: one slot per (activity, user), keyed like
 * {@code seckill_user:{activity}:{user}}, holding the order id and the request id that won it.
 *
 * <p>A slot is claimed <em>pending</em> with a short lease, then either {@linkplain #confirm confirmed} once stock was
 * taken (it then lives until the activity's data expires) or {@linkplain #release released} when there was none. A
 * pending slot whose lease ran out counts as free, so a caller that crashed mid-admission does not lock its user out.
 * Every mutation is conditional on the order id, so a slow caller can never overwrite a newer holder.
 *
 * <p>Losing the race is a normal return value ({@link Claim.Kind#DUPLICATE}); infrastructure failures are
 * {@link io.github.seckill.BackendUnavailableException}s. Times are passed in, never read from a clock, so that every
 * JVM and every backend agrees on them. Run the testkit's {@code DedupeGuardContractTest} on an implementation.
 */
public interface DedupeGuard {

    /**
     * Claims the user's slot for {@code requestId}, or reports who holds it.
     *
     * @param activityId activity
     * @param userId user
     * @param requestId the caller's idempotency key; the same key later is a {@link Claim.Kind#REPLAY}
     * @param orderId the order id to bind if the slot is free
     * @param nowMillis current time, epoch millis
     * @param leaseUntilMillis when a pending claim counts as abandoned, epoch millis
     * @return {@code NEW} with {@code orderId}, {@code REPLAY} with the original order id, or {@code DUPLICATE} with
     *     the holder's order id
     */
    Claim claim(long activityId, long userId, String requestId, long orderId, long nowMillis, long leaseUntilMillis);

    /**
     * Confirms a pending claim once stock was taken for it. Succeeds if the slot is held by {@code orderId}, or free
     * (its lease ran out and nobody else took it); fails if another order holds it, in which case the caller must give
     * its units back and report a duplicate.
     *
     * @param activityId activity
     * @param userId user
     * @param requestId the request that claimed the slot (kept if the slot has to be re-created)
     * @param orderId the order whose units were taken
     * @param shard the shard they were taken from
     * @param quantity how many units were taken, so that a replay can publish the order exactly as admitted
     * @param nowMillis current time, epoch millis
     * @param expiresAtMillis when the slot's data may be dropped (after the activity and its payment window)
     * @return whether the slot is now confirmed for {@code orderId}
     */
    boolean confirm(
            long activityId, long userId, String requestId, long orderId, int shard, int quantity, long nowMillis,
            long expiresAtMillis);

    /**
     * Frees the slot if {@code orderId} holds it.
     *
     * @param activityId activity
     * @param userId user
     * @param orderId the order expected to hold the slot
     * @return whether the slot was held by {@code orderId} and is now free
     */
    boolean release(long activityId, long userId, long orderId);

    /**
     * @param activityId activity
     * @param userId user
     * @param nowMillis current time, epoch millis (expired pending claims are not returned)
     * @return the live claim of the slot, as a {@link Claim.Kind#DUPLICATE} seen from outside, if any
     */
    Optional<Claim> find(long activityId, long userId, long nowMillis);
}
