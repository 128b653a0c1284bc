package io.github.seckill.simulation;

import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.Claim;
import io.github.seckill.admission.ClaimRequest;
import io.github.seckill.admission.ConfirmRequest;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.HandOver;
import io.github.seckill.admission.HandOverRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.JoinRequest;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.RestockListener;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.shard.TakeResult;
import io.github.seckill.tck.ForwardingAdmissionGate;
import io.github.seckill.tck.ForwardingShardedStockStore;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The in-memory admission backend (gate, its stock and slots, the waitlist) behind injected faults: while down every
 * call throws {@link BackendUnavailableException} before doing anything; while losing answers, a call that changes
 * data may do its work and then throw, as a Redis call whose reply timed out. The engine, the lifecycle and the
 * reconciler all see this backend; the simulator's own checks read the real one.
 */
final class FaultyAdmission {

    private final Faults faults;
    private final CrashPoint crash;
    private final AdmissionGate gate;
    private final Stock stock;
    private final Dedupe dedupe;
    private final FaultyWaitlist waitlist;

    FaultyAdmission(AdmissionGate real, Waitlist realWaitlist, Faults faults, CrashPoint crash) {
        this.faults = faults;
        this.crash = crash;
        this.stock = new Stock(real.stock());
        this.dedupe = new Dedupe(real.dedupe());
        this.waitlist = new FaultyWaitlist(realWaitlist);
        this.gate = new Gate(real);
    }

    AdmissionGate gate() {
        return gate;
    }

    Waitlist waitlist() {
        return waitlist;
    }

    /** Before a call: the JVM may die, the backend may be down (nothing done), or slow (time passes first). */
    private void enter() {
        crash.before();
        faults.admissionCall();
        faults.admissionSlow();
    }

    /** After a call that changed data: the JVM may die, or the answer be lost (the work done). */
    private void answered(String what) {
        crash.after();
        if (faults.admissionAnswerLost()) {
            throw new BackendUnavailableException("admission", "simulated: " + what + " done, reply timed out", null);
        }
    }

    private final class Gate extends ForwardingAdmissionGate {
        Gate(AdmissionGate delegate) {
            super(delegate);
        }

        @Override
        public ShardedStockStore stock() {
            return stock;
        }

        @Override
        public DedupeGuard dedupe() {
            return dedupe;
        }

        @Override
        public AdmissionDecision admit(AdmissionRequest request) {
            enter();
            AdmissionDecision decision = delegate().admit(request);
            crash.after();
            if (faults.admissionAnswerLost()) {
                throw new AttemptOutcomeUnknownException("simulated: admitted, reply timed out", null);
            }
            return decision;
        }

        @Override
        public CompletionStage<AdmissionDecision> admitAsync(AdmissionRequest request) {
            try {
                return CompletableFuture.completedFuture(admit(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void revoke(HeldUnits units) {
            enter();
            delegate().revoke(units);
            answered("revoke");
        }

        @Override
        public boolean restore(HeldUnits units) {
            enter();
            boolean restored = delegate().restore(units);
            answered("restore");
            return restored;
        }

        @Override
        public void remove(long activityId) {
            enter();
            delegate().remove(activityId);
            crash.after();
        }
    }

    private final class Stock extends ForwardingShardedStockStore {
        Stock(ShardedStockStore delegate) {
            super(delegate);
        }

        @Override
        public boolean load(long activityId, long[] shardStocks) {
            enter();
            boolean result = delegate().load(activityId, shardStocks);
            crash.after();
            return result;
        }

        @Override
        public TakeResult take(TakeRequest request) {
            enter();
            TakeResult result = delegate().take(request);
            crash.after();
            return result;
        }

        @Override
        public Optional<TakenUnits> findTaken(long activityId, long orderId) {
            enter();
            Optional<TakenUnits> result = delegate().findTaken(activityId, orderId);
            crash.after();
            return result;
        }

        @Override
        public boolean restore(long activityId, long orderId, int shard) {
            enter();
            boolean restored = delegate().restore(activityId, orderId, shard);
            answered("restore");
            return restored;
        }

        @Override
        public void addStock(long activityId, int shard, long units, String operationId) {
            enter();
            delegate().addStock(activityId, shard, units, operationId);
            answered("addStock");
        }

        @Override
        public long removeStock(long activityId, long units, String operationId) {
            enter();
            long removed = delegate().removeStock(activityId, units, operationId);
            answered("removeStock");
            return removed;
        }

        @Override
        public long[] remaining(long activityId) {
            enter();
            long[] result = delegate().remaining(activityId);
            crash.after();
            return result;
        }

        @Override
        public AdmissionStock snapshot(long activityId) {
            enter();
            AdmissionStock result = delegate().snapshot(activityId);
            crash.after();
            return result;
        }

        @Override
        public AutoCloseable onRestock(RestockListener listener) {
            // Subscriptions are local to a JVM: they do not fail with the backend.
            return delegate().onRestock(listener);
        }

        @Override
        public void remove(long activityId) {
            enter();
            delegate().remove(activityId);
            crash.after();
        }
    }

    private final class Dedupe implements DedupeGuard {
        private final DedupeGuard delegate;

        Dedupe(DedupeGuard delegate) {
            this.delegate = delegate;
        }

        @Override
        public Claim claim(ClaimRequest request) {
            enter();
            Claim result = delegate.claim(request);
            crash.after();
            return result;
        }

        @Override
        public boolean confirm(ConfirmRequest request) {
            enter();
            boolean confirmed = delegate.confirm(request);
            answered("confirm");
            return confirmed;
        }

        @Override
        public boolean release(long activityId, long userId, long orderId) {
            enter();
            boolean result = delegate.release(activityId, userId, orderId);
            crash.after();
            return result;
        }

        @Override
        public Optional<Claim> find(long activityId, long userId, long nowMillis) {
            enter();
            Optional<Claim> result = delegate.find(activityId, userId, nowMillis);
            crash.after();
            return result;
        }

        @Override
        public void remove(long activityId) {
            enter();
            delegate.remove(activityId);
            crash.after();
        }
    }

    private final class FaultyWaitlist implements Waitlist {
        private final Waitlist delegate;

        FaultyWaitlist(Waitlist delegate) {
            this.delegate = delegate;
        }

        @Override
        public JoinResult join(JoinRequest request) {
            enter();
            JoinResult result = delegate.join(request);
            crash.after();
            return result;
        }

        @Override
        public HandOver handOver(HandOverRequest request) {
            enter();
            HandOver h = delegate.handOver(request);
            answered("handOver");
            return h;
        }

        @Override
        public OptionalLong position(long activityId, long userId) {
            enter();
            OptionalLong result = delegate.position(activityId, userId);
            crash.after();
            return result;
        }

        @Override
        public boolean leave(long activityId, long userId) {
            enter();
            boolean result = delegate.leave(activityId, userId);
            crash.after();
            return result;
        }

        @Override
        public long size(long activityId) {
            enter();
            long result = delegate.size(activityId);
            crash.after();
            return result;
        }
    }
}
