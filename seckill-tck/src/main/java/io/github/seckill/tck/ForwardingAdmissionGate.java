package io.github.seckill.tck;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.ShardedStockStore;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An {@link AdmissionGate} that hands every call, default methods included, to another one, so that the real
 * backend's asynchronous path and restore stay in use. Tests extend it and override the calls they want to fail,
 * count or delay. {@link #stock()} and {@link #dedupe()} are the delegate's own; wrap the store in a
 * {@link ForwardingShardedStockStore} and override {@link #stock()} to inject faults there too.
 */
public abstract class ForwardingAdmissionGate implements AdmissionGate {

    private final AdmissionGate delegate;

    /** @param delegate the gate every call goes to unless overridden */
    protected ForwardingAdmissionGate(AdmissionGate delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the gate calls go to */
    protected AdmissionGate delegate() {
        return delegate;
    }

    @Override
    public ShardedStockStore stock() {
        return delegate.stock();
    }

    @Override
    public DedupeGuard dedupe() {
        return delegate.dedupe();
    }

    @Override
    public AdmissionDecision admit(AdmissionRequest request) {
        return delegate.admit(request);
    }

    @Override
    public CompletionStage<AdmissionDecision> admitAsync(AdmissionRequest request) {
        return delegate.admitAsync(request);
    }

    @Override
    public void revoke(HeldUnits units) {
        delegate.revoke(units);
    }

    @Override
    public boolean restore(HeldUnits units) {
        return delegate.restore(units);
    }

    @Override
    public void remove(long activityId) {
        delegate.remove(activityId);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
