package io.github.seckill.tck;

import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.RestockListener;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.shard.TakeResult;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ShardedStockStore} that hands every call to another one. Tests extend it and override the calls they want
 * to fail, count or delay, on a real store underneath.
 */
public abstract class ForwardingShardedStockStore implements ShardedStockStore {

    private final ShardedStockStore delegate;

    /** @param delegate the store every call goes to unless overridden */
    protected ForwardingShardedStockStore(ShardedStockStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the store calls go to */
    protected ShardedStockStore delegate() {
        return delegate;
    }

    @Override
    public boolean load(long activityId, long[] shardStocks) {
        return delegate.load(activityId, shardStocks);
    }

    @Override
    public TakeResult take(TakeRequest request) {
        return delegate.take(request);
    }

    @Override
    public Optional<TakenUnits> findTaken(long activityId, long orderId) {
        return delegate.findTaken(activityId, orderId);
    }

    @Override
    public boolean restore(long activityId, long orderId, int shard) {
        return delegate.restore(activityId, orderId, shard);
    }

    @Override
    public void addStock(long activityId, int shard, long units, String operationId) {
        delegate.addStock(activityId, shard, units, operationId);
    }

    @Override
    public long removeStock(long activityId, long units, String operationId) {
        return delegate.removeStock(activityId, units, operationId);
    }

    @Override
    public long[] remaining(long activityId) {
        return delegate.remaining(activityId);
    }

    @Override
    public AdmissionStock snapshot(long activityId) {
        return delegate.snapshot(activityId);
    }

    @Override
    public AutoCloseable onRestock(RestockListener listener) {
        return delegate.onRestock(listener);
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
