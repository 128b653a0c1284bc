package io.github.seckill.kafka;

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
import java.util.Optional;

/** A ledger that cannot settle one order, as if its row were corrupt; everything else goes to the real ledger. */
final class FailingLedger implements StockLedger {

    private final StockLedger ledger;
    private final long cursedOrderId;

    FailingLedger(StockLedger ledger, long cursedOrderId) {
        this.ledger = ledger;
        this.cursedOrderId = cursedOrderId;
    }

    private void check(List<OrderMessage> orders) {
        for (OrderMessage m : orders) {
            if (m.orderId() == cursedOrderId) {
                throw new IllegalArgumentException("cannot settle order " + cursedOrderId);
            }
        }
    }

    @Override
    public boolean defineActivity(LedgerActivity activity) {
        return ledger.defineActivity(activity);
    }

    @Override
    public Settlement lock(OrderMessage order) {
        check(List.of(order));
        return ledger.lock(order);
    }

    @Override
    public List<Settlement> settle(List<OrderMessage> batch) {
        check(batch);
        return ledger.settle(batch);
    }

    @Override
    public List<Settlement> fail(List<OrderMessage> orders, String reason) {
        return ledger.fail(orders, reason);
    }

    @Override
    public PaymentResult confirmPayment(long orderId) {
        return ledger.confirmPayment(orderId);
    }

    @Override
    public ReleaseResult release(long orderId) {
        return ledger.release(orderId);
    }

    @Override
    public ReleaseResult cancel(CancelRequest request) {
        return ledger.cancel(request);
    }

    @Override
    public List<OrderRecord> releaseExpired(Instant now, int limit) {
        return ledger.releaseExpired(now, limit);
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId) {
        return ledger.findOrder(orderId);
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId, long userId) {
        return ledger.findOrder(orderId, userId);
    }

    @Override
    public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
        return ledger.orders(activityId, afterOrderId, limit);
    }

    @Override
    public LedgerView view(long activityId, Collection<Long> orderIds) {
        return ledger.view(activityId, orderIds);
    }

    @Override
    public boolean recordAdmissionLoad(long activityId) {
        return ledger.recordAdmissionLoad(activityId);
    }

    @Override
    public Optional<StockSnapshot> stock(long activityId) {
        return ledger.stock(activityId);
    }

    @Override
    public Map<OrderStatus, Long> countOrders(long activityId) {
        return ledger.countOrders(activityId);
    }
}
