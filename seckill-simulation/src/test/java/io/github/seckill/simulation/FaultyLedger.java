package io.github.seckill.simulation;

import io.github.seckill.LedgerRejectedException;
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
import io.github.seckill.tck.ForwardingStockLedger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory ledger behind injected faults: down (every call refused before it does anything), transactions that
 * fail before their commit, transactions that commit and lose their answer (the call is made, then
 * {@code BackendUnavailableException}), and poison orders that the ledger rejects on their own.
 */
final class FaultyLedger extends ForwardingStockLedger {

    private final Faults faults;

    FaultyLedger(StockLedger delegate, Faults faults) {
        super(delegate);
        this.faults = faults;
    }

    private void rejectPoison(List<OrderMessage> orders) {
        for (OrderMessage m : orders) {
            if (faults.enabled && faults.poison.contains(m.orderId())) {
                faults.count(FaultKind.POISON_ORDER);
                throw new LedgerRejectedException("simulated: order " + m.orderId() + " violates a constraint",
                        null);
            }
        }
    }

    @Override
    public boolean defineActivity(LedgerActivity activity) {
        faults.ledgerBeforeCommit();
        return delegate().defineActivity(activity);
    }

    @Override
    public boolean recordAdmissionLoad(long activityId) {
        faults.ledgerBeforeCommit();
        boolean first = delegate().recordAdmissionLoad(activityId);
        faults.ledgerAfterCommit();
        return first;
    }

    @Override
    public Settlement lock(OrderMessage order) {
        faults.ledgerBeforeCommit();
        rejectPoison(List.of(order));
        Settlement s = delegate().lock(order);
        faults.ledgerAfterCommit();
        return s;
    }

    @Override
    public List<Settlement> settle(List<OrderMessage> batch) {
        faults.ledgerBeforeCommit();
        rejectPoison(batch);
        List<Settlement> s = delegate().settle(batch);
        faults.ledgerAfterCommit();
        return s;
    }

    @Override
    public List<Settlement> fail(List<OrderMessage> orders, String reason) {
        faults.ledgerBeforeCommit();
        List<Settlement> s = delegate().fail(orders, reason);
        faults.ledgerAfterCommit();
        return s;
    }

    @Override
    public PaymentResult confirmPayment(long orderId) {
        faults.ledgerBeforeCommit();
        PaymentResult r = delegate().confirmPayment(orderId);
        faults.ledgerAfterCommit();
        return r;
    }

    @Override
    public ReleaseResult release(long orderId) {
        faults.ledgerBeforeCommit();
        ReleaseResult r = delegate().release(orderId);
        faults.ledgerAfterCommit();
        return r;
    }

    @Override
    public ReleaseResult cancel(CancelRequest request) {
        faults.ledgerBeforeCommit();
        ReleaseResult r = delegate().cancel(request);
        faults.ledgerAfterCommit();
        return r;
    }

    @Override
    public List<OrderRecord> releaseExpired(Instant now, int limit) {
        faults.ledgerBeforeCommit();
        List<OrderRecord> r = delegate().releaseExpired(now, limit);
        faults.ledgerAfterCommit();
        return r;
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId) {
        faults.ledgerCall();
        return delegate().findOrder(orderId);
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId, long userId) {
        faults.ledgerCall();
        return delegate().findOrder(orderId, userId);
    }

    @Override
    public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
        faults.ledgerCall();
        return delegate().orders(activityId, afterOrderId, limit);
    }

    @Override
    public LedgerView view(long activityId, Collection<Long> orderIds) {
        faults.ledgerCall();
        return delegate().view(activityId, orderIds);
    }

    @Override
    public Optional<StockSnapshot> stock(long activityId) {
        faults.ledgerCall();
        return delegate().stock(activityId);
    }

    @Override
    public Map<OrderStatus, Long> countOrders(long activityId) {
        faults.ledgerCall();
        return delegate().countOrders(activityId);
    }
}
