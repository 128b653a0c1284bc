package io.github.seckill.admission;

import io.github.seckill.shard.ShardPlan;

/**
 * One admission attempt, as handed to an {@link AdmissionGate}.
 *
 * @param activityId activity
 * @param userId user
 * @param requestId the caller's idempotency key
 * @param orderId the order id to use if the user is admitted now
 * @param quantity units wanted, at least one
 * @param plan which shards to try
 * @param nowMillis current time, epoch millis
 * @param leaseUntilMillis when a pending claim counts as abandoned
 * @param expiresAtMillis when the user's slot may be dropped (the activity and its payment window are over)
 */
public record AdmissionRequest(
        long activityId,
        long userId,
        String requestId,
        long orderId,
        int quantity,
        ShardPlan plan,
        long nowMillis,
        long leaseUntilMillis,
        long expiresAtMillis) {

    /** @return the stock take this attempt makes */
    public TakeRequest take() {
        return new TakeRequest(activityId, orderId, userId, quantity, plan, nowMillis);
    }

    /** @return the claim of the user's slot this attempt makes */
    public ClaimRequest claim() {
        return new ClaimRequest(activityId, userId, requestId, orderId, nowMillis, leaseUntilMillis);
    }

    /**
     * @param heldOrderId the order whose units were taken (the attempt's own, or the original one on a replay)
     * @param shard the shard they were taken from
     * @param units how many were taken
     * @return the confirmation of the user's slot for those units
     */
    public ConfirmRequest confirm(long heldOrderId, int shard, int units) {
        return new ConfirmRequest(activityId, userId, requestId, heldOrderId, shard, units, nowMillis, expiresAtMillis);
    }

    /**
     * @param newPlan another plan
     * @return this request with another plan
     */
    public AdmissionRequest withPlan(ShardPlan newPlan) {
        return new AdmissionRequest(
                activityId, userId, requestId, orderId, quantity, newPlan, nowMillis, leaseUntilMillis,
                expiresAtMillis);
    }
}
