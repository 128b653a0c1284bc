package io.github.seckill.tck;

import io.github.seckill.ledger.CancelRequest;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.LedgerView;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.queue.OrderMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StockLedger} that hands every call to another one. Tests extend it and override the calls they want to
 * fail, count or delay, on a real ledger underneath:
 *
 * <pre>{@code
 * StockLedger failing = new ForwardingStockLedger(ledger) {
 *     @Override
 *     public List<Settlement> settle(List<OrderMessage> batch) {
 *         throw new BackendUnavailableException("ledger", "down", null);
 *     }
 * };
 * }</pre>
 */
public abstract class ForwardingStockLedger implements StockLedger {

    private final StockLedger delegate;

    /** @param delegate the ledger every call goes to unless overridden */
    protected ForwardingStockLedger(StockLedger delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the ledger calls go to */
    protected StockLedger delegate() {
        return delegate;
    }

    @Override
    public boolean defineActivity(LedgerActivity activity) {
        return delegate.defineActivity(activity);
    }

    @Override
    public boolean recordAdmissionLoad(long activityId) {
        return delegate.recordAdmissionLoad(activityId);
    }

    @Override
    public Settlement lock(OrderMessage order) {
        return delegate.lock(order);
    }

    @Override
    public List<Settlement> settle(List<OrderMessage> batch) {
        return delegate.settle(batch);
    }

    @Override
    public List<Settlement> fail(List<OrderMessage> orders, String reason) {
        return delegate.fail(orders, reason);
    }

    @Override
    public PaymentResult confirmPayment(long orderId) {
        return delegate.confirmPayment(orderId);
    }

    @Override
    public ReleaseResult release(long orderId) {
        return delegate.release(orderId);
    }

    @Override
    public ReleaseResult cancel(CancelRequest request) {
        return delegate.cancel(request);
    }

    @Override
    public List<OrderRecord> releaseExpired(Instant now, int limit) {
        return delegate.releaseExpired(now, limit);
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId) {
        return delegate.findOrder(orderId);
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId, long userId) {
        return delegate.findOrder(orderId, userId);
    }

    @Override
    public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
        return delegate.orders(activityId, afterOrderId, limit);
    }

    @Override
    public LedgerView view(long activityId, Collection<Long> orderIds) {
        return delegate.view(activityId, orderIds);
    }

    @Override
    public Optional<StockSnapshot> stock(long activityId) {
        return delegate.stock(activityId);
    }

    @Override
    public Map<OrderStatus, Long> countOrders(long activityId) {
        return delegate.countOrders(activityId);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
