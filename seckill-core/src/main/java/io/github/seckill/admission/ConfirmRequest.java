package io.github.seckill.admission;

import java.util.Objects;

/**
 * A request to confirm a pending claim once stock was taken for it, as handed to {@link DedupeGuard#confirm}.
 *
 * @param activityId activity
 * @param userId user
 * @param requestId the request that claimed the slot (kept if the slot has to be re-created)
 * @param orderId the order whose units were taken
 * @param shard the shard they were taken from
 * @param quantity how many units were taken, so that a replay can publish the order exactly as admitted
 * @param nowMillis current time, epoch millis
 * @param expiresAtMillis when the slot's data may be dropped (after the activity and its payment window)
 */
public record ConfirmRequest(
        long activityId, long userId, String requestId, long orderId, int shard, int quantity, long nowMillis,
        long expiresAtMillis) {

    /** @throws NullPointerException without a request id */
    public ConfirmRequest {
        Objects.requireNonNull(requestId, "requestId");
    }
}
