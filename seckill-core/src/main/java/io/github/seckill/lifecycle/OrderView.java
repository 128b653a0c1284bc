package io.github.seckill.lifecycle;

import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import org.jspecify.annotations.Nullable;

/**
 * What a buyer polling an order id sees: either the order is still on its way to the ledger, or it has a status.
 *
 * @param orderId the order id the buyer got when admitted
 * @param order the ledger's record, {@code null} while the order is still queued
 */
public record OrderView(long orderId, @Nullable OrderRecord order) {

    /** @return whether the order is still on its way to the ledger: poll again */
    public boolean processing() {
        return order == null;
    }

    /** @return the order's status, {@code null} while it is processing */
    public @Nullable OrderStatus status() {
        return order == null ? null : order.status();
    }
}
