package io.github.seckill.status;

import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;

/** The ledger's statuses as buyers are told them. */
public final class OrderStates {

    private OrderStates() {
    }

    /**
     * @param status a ledger status
     * @return the state a buyer sees
     */
    public static OrderState of(OrderStatus status) {
        return switch (status) {
            case PENDING_PAYMENT -> OrderState.PENDING_PAYMENT;
            case PAID -> OrderState.PAID;
            case SOLD_OUT -> OrderState.SOLD_OUT;
            case CLOSED -> OrderState.CLOSED;
            case FAILED -> OrderState.FAILED;
            case REFUND_REQUIRED -> OrderState.REFUND_REQUIRED;
            case CANCELLED -> OrderState.CANCELLED;
        };
    }

    /**
     * @param order an order as the ledger knows it
     * @return its state as an update, stamped with its last change
     */
    public static OrderUpdate update(OrderRecord order) {
        return new OrderUpdate(order.activityId(), order.orderId(), order.userId(), of(order.status()),
                order.updatedAt().toEpochMilli());
    }
}
