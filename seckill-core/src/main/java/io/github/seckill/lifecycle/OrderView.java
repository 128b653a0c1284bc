package io.github.seckill.lifecycle;

import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import org.jspecify.annotations.Nullable;

/**
 * What a buyer polling an order id sees: the order as the ledger has it, or, before the ledger has it, whether it is
 * still queued or unknown.
 *
 * @param orderId the order id the buyer got when admitted
 * @param progress where the order is
 * @param order the ledger's record, {@code null} until the ledger has the order
 */
public record OrderView(long orderId, Progress progress, @Nullable OrderRecord order) {

    /** Where an order is, as far as a poll can tell. */
    public enum Progress {
        /** The ledger has it: see {@link #order()}. */
        RECORDED,
        /** Admitted and on its way to the ledger: poll again. */
        QUEUED,
        /** Not in the ledger, and either still queued or unknown: the poll could not ask admission. Poll again. */
        PROCESSING,
        /** Neither the ledger nor admission knows it for this buyer. */
        UNKNOWN
    }

    /** @throws IllegalArgumentException when a record is given with another progress, or none with RECORDED */
    public OrderView {
        if ((order != null) != (progress == Progress.RECORDED)) {
            throw new IllegalArgumentException("an order record goes with RECORDED, and only with it");
        }
    }

    static OrderView of(OrderRecord order) {
        return new OrderView(order.orderId(), Progress.RECORDED, order);
    }

    static OrderView queued(long orderId) {
        return new OrderView(orderId, Progress.QUEUED, null);
    }

    static OrderView processing(long orderId) {
        return new OrderView(orderId, Progress.PROCESSING, null);
    }

    static OrderView unknown(long orderId) {
        return new OrderView(orderId, Progress.UNKNOWN, null);
    }

    /** @return whether the ledger does not have the order (yet): queued, processing or unknown */
    public boolean processing() {
        return order == null && progress != Progress.UNKNOWN;
    }

    /** @return the order's status, {@code null} until the ledger has it */
    public @Nullable OrderStatus status() {
        return order == null ? null : order.status();
    }
}
