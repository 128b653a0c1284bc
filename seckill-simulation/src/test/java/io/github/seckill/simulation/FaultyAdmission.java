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
    private final AdmissionGate gate;
    private final Stock stock;
    private final Dedupe dedupe;
    private final FaultyWaitlist waitlist;

    FaultyAdmission(AdmissionGate real, Waitlist realWaitlist, Faults faults) {
        this.faults = faults;
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

    private void lostAnswer(String what) {
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
            faults.admissionCall();
            AdmissionDecision decision = delegate().admit(request);
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
            faults.admissionCall();
            delegate().revoke(units);
            lostAnswer("revoke");
        }

        @Override
        public boolean restore(HeldUnits units) {
            faults.admissionCall();
            boolean restored = delegate().restore(units);
            lostAnswer("restore");
            return restored;
        }

        @Override
        public void remove(long activityId) {
            faults.admissionCall();
            delegate().remove(activityId);
        }
    }

    private final class Stock extends ForwardingShardedStockStore {
        Stock(ShardedStockStore delegate) {
            super(delegate);
        }

        @Override
        public boolean load(long activityId, long[] shardStocks) {
            faults.admissionCall();
            return delegate().load(activityId, shardStocks);
        }

        @Override
        public TakeResult take(TakeRequest request) {
            faults.admissionCall();
            return delegate().take(request);
        }

        @Override
        public Optional<TakenUnits> findTaken(long activityId, long orderId) {
            faults.admissionCall();
            return delegate().findTaken(activityId, orderId);
        }

        @Override
        public boolean restore(long activityId, long orderId, int shard) {
            faults.admissionCall();
            boolean restored = delegate().restore(activityId, orderId, shard);
            lostAnswer("restore");
            return restored;
        }

        @Override
        public void addStock(long activityId, int shard, long units, String operationId) {
            faults.admissionCall();
            delegate().addStock(activityId, shard, units, operationId);
            lostAnswer("addStock");
        }

        @Override
        public long removeStock(long activityId, long units, String operationId) {
            faults.admissionCall();
            long removed = delegate().removeStock(activityId, units, operationId);
            lostAnswer("removeStock");
            return removed;
        }

        @Override
        public long[] remaining(long activityId) {
            faults.admissionCall();
            return delegate().remaining(activityId);
        }

        @Override
        public AdmissionStock snapshot(long activityId) {
            faults.admissionCall();
            return delegate().snapshot(activityId);
        }

        @Override
        public AutoCloseable onRestock(RestockListener listener) {
            // Subscriptions are local to a JVM: they do not fail with the backend.
            return delegate().onRestock(listener);
        }

        @Override
        public void remove(long activityId) {
            faults.admissionCall();
            delegate().remove(activityId);
        }
    }

    private final class Dedupe implements DedupeGuard {
        private final DedupeGuard delegate;

        Dedupe(DedupeGuard delegate) {
            this.delegate = delegate;
        }

        @Override
        public Claim claim(ClaimRequest request) {
            faults.admissionCall();
            return delegate.claim(request);
        }

        @Override
        public boolean confirm(ConfirmRequest request) {
            faults.admissionCall();
            boolean confirmed = delegate.confirm(request);
            lostAnswer("confirm");
            return confirmed;
        }

        @Override
        public boolean release(long activityId, long userId, long orderId) {
            faults.admissionCall();
            return delegate.release(activityId, userId, orderId);
        }

        @Override
        public Optional<Claim> find(long activityId, long userId, long nowMillis) {
            faults.admissionCall();
            return delegate.find(activityId, userId, nowMillis);
        }

        @Override
        public void remove(long activityId) {
            faults.admissionCall();
            delegate.remove(activityId);
        }
    }

    private final class FaultyWaitlist implements Waitlist {
        private final Waitlist delegate;

        FaultyWaitlist(Waitlist delegate) {
            this.delegate = delegate;
        }

        @Override
        public JoinResult join(JoinRequest request) {
            faults.admissionCall();
            return delegate.join(request);
        }

        @Override
        public HandOver handOver(HandOverRequest request) {
            faults.admissionCall();
            HandOver h = delegate.handOver(request);
            lostAnswer("handOver");
            return h;
        }

        @Override
        public OptionalLong position(long activityId, long userId) {
            faults.admissionCall();
            return delegate.position(activityId, userId);
        }

        @Override
        public boolean leave(long activityId, long userId) {
            faults.admissionCall();
            return delegate.leave(activityId, userId);
        }

        @Override
        public long size(long activityId) {
            faults.admissionCall();
            return delegate.size(activityId);
        }
    }
}
