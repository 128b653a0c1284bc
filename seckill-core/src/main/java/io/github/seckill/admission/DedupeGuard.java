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
 * JVM and every backend agrees on them. Run seckill-tck's {@code DedupeGuardContractTest} on an implementation.
 */
public interface DedupeGuard {

    /**
     * Claims the user's slot for the request's id, or reports who holds it.
     *
     * @param request who claims, with which order id, and until when a pending claim holds
     * @return {@code NEW} with the request's order id, {@code REPLAY} with the original order id, or
     *     {@code DUPLICATE} with the holder's order id
     */
    Claim claim(ClaimRequest request);

    /**
     * Confirms a pending claim once stock was taken for it. Succeeds if the slot is held by the request's order id,
     * or free (its lease ran out and nobody else took it); fails if another order holds it, in which case the caller
     * must give its units back and report a duplicate.
     *
     * @param request the order, its units and the slot's expiry
     * @return whether the slot is now confirmed for the order
     */
    boolean confirm(ConfirmRequest request);

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

    /**
     * Drops every slot of an activity (it ended, settled and was retired). The default keeps them: slots expire on
     * their own after the activity's retention.
     *
     * @param activityId activity
     */
    default void remove(long activityId) {
    }
}
