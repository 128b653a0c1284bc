package io.github.seckill.admission;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.OrderIdConflictException;
import io.github.seckill.shard.TakeResult;
import java.util.Optional;

/**
 * An {@link AdmissionGate} over a {@link DedupeGuard} and a {@link ShardedStockStore} that need not share a
 * transaction. The protocol, and why it can neither admit twice nor oversell:
 *
 * <ol>
 *   <li><b>Claim</b> the user's slot, pending, with a short lease. Another request of the user now sees an unknown
 *       outcome until the claim is confirmed (then a duplicate naming the order) or its lease runs out; the same
 *       request sees a replay.</li>
 *   <li><b>Take</b> units with the plan, recorded under the order id. Shards never go below zero, whatever else
 *       happens.</li>
 *   <li><b>Confirm</b> the slot (conditional on the order id) or, with no stock, <b>release</b> it. "Admitted" is only
 *       answered after a successful confirm, and only one order id can hold the slot, so a user is admitted once. If
 *       the confirm fails (the lease ran out and another request won the slot), the units go back and the answer is
 *       duplicate.</li>
 * </ol>
 *
 * <p>A replay of a pending claim resumes from the store's record: units already taken for the order are confirmed,
 * with the quantity the store recorded for them, never taken twice. If none were taken yet the first call may still be running, so the replay reports an unknown
 * outcome rather than racing it; once the first call finishes, or its lease runs out, a retry resolves.
 */
final class CompositeAdmissionGate implements AdmissionGate {

    private final DedupeGuard guard;
    private final ShardedStockStore store;

    CompositeAdmissionGate(DedupeGuard guard, ShardedStockStore store) {
        this.guard = guard;
        this.store = store;
    }

    @Override
    public ShardedStockStore stock() {
        return store;
    }

    @Override
    public DedupeGuard dedupe() {
        return guard;
    }

    @Override
    public AdmissionDecision admit(AdmissionRequest r) {
        Claim claim = guard.claim(r.claim());
        switch (claim.kind()) {
            case DUPLICATE:
                if (!claim.confirmed()) {
                    // Another request of the user holds the slot pending: it may take nothing (a timeout, a node
                    // lost) and its order never exist, so it is not named. Once it is decided, or its lease runs
                    // out, a retry resolves.
                    throw new AttemptOutcomeUnknownException("another request of user " + r.userId()
                            + " is still in flight", null);
                }
                return AdmissionDecision.duplicate(claim.orderId());
            case REPLAY:
                return resume(r, claim);
            case NEW:
            default:
                return takeAndConfirm(r);
        }
    }

    private AdmissionDecision resume(AdmissionRequest r, Claim claim) {
        if (claim.confirmed()) {
            return AdmissionDecision.replayed(claim.orderId(), claim.shard(), claim.quantity());
        }
        Optional<TakenUnits> taken = store.findTaken(r.activityId(), claim.orderId());
        if (taken.isEmpty()) {
            throw new AttemptOutcomeUnknownException(
                    "request " + r.requestId() + " of user " + r.userId() + " is still in flight", null);
        }
        // The first call stopped between take and confirm. Confirm the units it took, which this retry may not ask
        // for again.
        int shard = taken.get().shard();
        int quantity = taken.get().quantity();
        if (guard.confirm(r.confirm(claim.orderId(), shard, quantity))) {
            return AdmissionDecision.replayed(claim.orderId(), shard, quantity);
        }
        store.restore(r.activityId(), claim.orderId(), shard);
        return AdmissionDecision.duplicate(0);
    }

    private AdmissionDecision takeAndConfirm(AdmissionRequest r) {
        long orderId = r.orderId();
        TakeResult take;
        try {
            take = store.take(r.take());
        } catch (IllegalArgumentException | ActivityNotLoadedException | OrderIdConflictException e) {
            // Bad input, an activity not loaded or an order id in use: nothing was taken, so the claim must not block
            // the user. (After an unknown outcome the claim stays: a retry resumes from the store's record.)
            guard.release(r.activityId(), r.userId(), orderId);
            throw e;
        }
        if (!take.taken()) {
            guard.release(r.activityId(), r.userId(), orderId);
            return AdmissionDecision.soldOut(take);
        }
        if (guard.confirm(r.confirm(orderId, take.shard(), r.quantity()))) {
            return AdmissionDecision.admitted(orderId, take, r.quantity());
        }
        store.restore(r.activityId(), orderId, take.shard());
        return AdmissionDecision.duplicate(0);
    }

    @Override
    public void revoke(HeldUnits units) {
        // The slot first: if the units never come back, they are undersold; the other way round, a failed release
        // would leave a confirmed slot whose units are back on the shard, and a replay would sell them twice.
        guard.release(units.activityId(), units.userId(), units.orderId());
        if (units.inAdmission()) {
            store.restore(units.activityId(), units.orderId(), units.shard());
        }
    }

    @Override
    public void remove(long activityId) {
        store.remove(activityId);
        guard.remove(activityId);
    }

    @Override
    public String toString() {
        return "CompositeAdmissionGate{guard=" + guard + ", store=" + store + '}';
    }
}
