package io.github.seckill.ledger;

import java.time.Instant;

/**
 * An order as the ledger knows it.
 *
 * @param orderId order id
 * @param activityId activity
 * @param userId buyer
 * @param quantity units
 * @param shard the admission shard holding its units, or {@code -1}
 * @param status current status
 * @param createdAt when the ledger first recorded it
 * @param updatedAt when its status last changed
 */
public record OrderRecord(
        long orderId,
        long activityId,
        long userId,
        int quantity,
        int shard,
        OrderStatus status,
        Instant createdAt,
        Instant updatedAt) {
}
