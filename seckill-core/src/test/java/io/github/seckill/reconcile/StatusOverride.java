package io.github.seckill.reconcile;

import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockLedger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/** A ledger whose order pages show one order with another status, as a row corrupted by hand would. */
final class StatusOverride {

    private StatusOverride() {
    }

    static StockLedger of(StockLedger real, long orderId, OrderStatus shown) {
        return (StockLedger) Proxy.newProxyInstance(StockLedger.class.getClassLoader(),
                new Class<?>[] {StockLedger.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!method.getName().equals("orders")) {
                        return result;
                    }
                    List<OrderRecord> page = new ArrayList<>();
                    for (Object o : (List<?>) result) {
                        OrderRecord r = (OrderRecord) o;
                        page.add(r.orderId() != orderId ? r : new OrderRecord(r.orderId(), r.activityId(),
                                r.userId(), r.quantity(), r.shard(), shown, r.createdAt(), r.updatedAt()));
                    }
                    return page;
                });
    }
}
