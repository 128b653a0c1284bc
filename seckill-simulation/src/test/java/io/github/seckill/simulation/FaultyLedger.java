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
    private final CrashPoint crash;

    FaultyLedger(StockLedger delegate, Faults faults, CrashPoint crash) {
        super(delegate);
        this.faults = faults;
        this.crash = crash;
    }

    /** Before a transaction: the JVM may die, the ledger may be down or the transaction fail before its commit. */
    private void begin() {
        crash.before();
        faults.ledgerBeforeCommit();
    }

    /** After the commit: the JVM may die, or the commit's answer be lost. */
    private void committed() {
        crash.after();
        faults.ledgerAfterCommit();
    }

    /** Before a read: the JVM may die, the ledger may be down. */
    private void read() {
        crash.before();
        faults.ledgerCall();
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
        begin();
        boolean defined = delegate().defineActivity(activity);
        committed();
        return defined;
    }

    @Override
    public boolean recordAdmissionLoad(long activityId) {
        begin();
        boolean first = delegate().recordAdmissionLoad(activityId);
        committed();
        return first;
    }

    @Override
    public Settlement lock(OrderMessage order) {
        begin();
        rejectPoison(List.of(order));
        Settlement s = delegate().lock(order);
        committed();
        return s;
    }

    @Override
    public List<Settlement> settle(List<OrderMessage> batch) {
        begin();
        rejectPoison(batch);
        List<Settlement> s = delegate().settle(batch);
        committed();
        return s;
    }

    @Override
    public List<Settlement> fail(List<OrderMessage> orders, String reason) {
        begin();
        List<Settlement> s = delegate().fail(orders, reason);
        committed();
        return s;
    }

    @Override
    public PaymentResult confirmPayment(long orderId) {
        begin();
        PaymentResult r = delegate().confirmPayment(orderId);
        committed();
        return r;
    }

    @Override
    public ReleaseResult release(long orderId) {
        begin();
        ReleaseResult r = delegate().release(orderId);
        committed();
        return r;
    }

    @Override
    public ReleaseResult cancel(CancelRequest request) {
        begin();
        ReleaseResult r = delegate().cancel(request);
        committed();
        return r;
    }

    @Override
    public List<OrderRecord> releaseExpired(Instant now, int limit) {
        begin();
        List<OrderRecord> r = delegate().releaseExpired(now, limit);
        committed();
        return r;
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId) {
        read();
        var result = delegate().findOrder(orderId);
        crash.after();
        return result;
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId, long userId) {
        read();
        var result = delegate().findOrder(orderId, userId);
        crash.after();
        return result;
    }

    @Override
    public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
        read();
        var result = delegate().orders(activityId, afterOrderId, limit);
        crash.after();
        return result;
    }

    @Override
    public LedgerView view(long activityId, Collection<Long> orderIds) {
        read();
        var result = delegate().view(activityId, orderIds);
        crash.after();
        return result;
    }

    @Override
    public Optional<StockSnapshot> stock(long activityId) {
        read();
        var result = delegate().stock(activityId);
        crash.after();
        return result;
    }

    @Override
    public Map<OrderStatus, Long> countOrders(long activityId) {
        read();
        var result = delegate().countOrders(activityId);
        crash.after();
        return result;
    }
}
