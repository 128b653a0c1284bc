package io.github.seckill.kafka;

import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.tck.ForwardingStockLedger;
import java.util.List;

/** A ledger that cannot settle one order, as if its row were corrupt; everything else goes to the real ledger. */
final class FailingLedger extends ForwardingStockLedger {

    private final long cursedOrderId;

    FailingLedger(StockLedger ledger, long cursedOrderId) {
        super(ledger);
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
    public Settlement lock(OrderMessage order) {
        check(List.of(order));
        return super.lock(order);
    }

    @Override
    public List<Settlement> settle(List<OrderMessage> batch) {
        check(batch);
        return super.settle(batch);
    }
}
