package io.github.seckill.admission;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Admission of one buyer: the per-user dedupe and the stock pre-deduction, decided together, over the sharded stock
 * of {@link #stock()}.
 *
 * <p>{@link #compose} builds a gate from any {@link DedupeGuard} and {@link ShardedStockStore} with a claim, take,
 * confirm protocol that is correct even when the two live in different places (Redis Cluster slots); a backend that
 * can do both in one atomic step (one Lua script on standalone Redis) implements this interface directly. Either way:
 *
 * <ul>
 *   <li>the dedupe check comes before any stock is touched: a repeat buyer never burns stock;</li>
 *   <li>the same request id retried gets the same answer and the same order id, and is never admitted twice;</li>
 *   <li>no shard's units go below zero.</li>
 * </ul>
 *
 * <p>Run seckill-tck's {@code AdmissionGateContractTest} on an implementation.
 */
public interface AdmissionGate {

    /** @return the sharded stock the gate admits from: loading, reads, give-backs, restock notifications */
    ShardedStockStore stock();

    /** @return the users' slots the gate admits with, on the same data (reconciliation restores slots through it) */
    DedupeGuard dedupe();

    /**
     * Decides one attempt.
     *
     * @param request the attempt
     * @return admitted, duplicate or sold out
     * @throws io.github.seckill.AttemptOutcomeUnknownException when another call with the same request id is still
     *     in flight (retry later with the same request id)
     * @throws io.github.seckill.BackendUnavailableException when the backend failed
     */
    AdmissionDecision admit(AdmissionRequest request);

    /**
     * Asynchronous {@link #admit}. The default runs {@link #admit} on the calling thread; network backends override it.
     *
     * @param request the attempt
     * @return the decision, or a stage failed with the exceptions {@link #admit} throws
     */
    default CompletionStage<AdmissionDecision> admitAsync(AdmissionRequest request) {
        try {
            return CompletableFuture.completedFuture(admit(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Compensation: an admitted order will not be queued. Gives its units back and frees the user's slot, so the user
     * may try again. Idempotent.
     *
     * @param units the admitted order's units
     */
    void revoke(HeldUnits units);

    /**
     * A released order (payment failed or timed out) gives its units back; the user's slot stays taken (one order per
     * user and activity). Idempotent per order: only the first call restores.
     *
     * @param units the released order's units
     * @return whether units were given back now
     */
    default boolean restore(HeldUnits units) {
        return units.inAdmission() && stock().restore(units.activityId(), units.orderId(), units.shard());
    }

    /**
     * Drops an activity's admission data: its stock and, where the backend can, its users' slots.
     *
     * @param activityId activity
     */
    default void remove(long activityId) {
        stock().remove(activityId);
    }

    /**
     * A gate over a separate guard and store, with the claim, take, confirm protocol (see
     * {@link CompositeAdmissionGate}).
     *
     * @param guard the per-user slots
     * @param store the sharded stock
     * @return a gate
     */
    static AdmissionGate compose(DedupeGuard guard, ShardedStockStore store) {
        return new CompositeAdmissionGate(guard, store);
    }
}
