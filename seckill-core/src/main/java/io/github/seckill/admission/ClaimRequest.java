package io.github.seckill.admission;

import java.util.Objects;

/**
 * A request to claim a user's slot, as handed to {@link DedupeGuard#claim}.
 *
 * @param activityId activity
 * @param userId user
 * @param requestId the caller's idempotency key; the same key later is a {@link Claim.Kind#REPLAY}
 * @param orderId the order id to bind if the slot is free
 * @param nowMillis current time, epoch millis
 * @param leaseUntilMillis when a pending claim counts as abandoned, epoch millis
 */
public record ClaimRequest(
        long activityId, long userId, String requestId, long orderId, long nowMillis, long leaseUntilMillis) {

    /** @throws NullPointerException without a request id */
    public ClaimRequest {
        Objects.requireNonNull(requestId, "requestId");
    }
}
