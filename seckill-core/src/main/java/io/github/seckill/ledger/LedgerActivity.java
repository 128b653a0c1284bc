package io.github.seckill.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An activity's row in the ledger.
 *
 * @param activityId activity, positive
 * @param skuId the item on sale, positive
 * @param totalStock units on sale, zero or more
 * @param startsAt when buying opens
 * @param endsAt when buying closes, after {@code startsAt}
 * @param paymentTimeout how long a locked order waits for payment before its units are released
 */
public record LedgerActivity(
        long activityId, long skuId, long totalStock, Instant startsAt, Instant endsAt, Duration paymentTimeout) {

    /** @throws IllegalArgumentException on a non-positive id, negative stock, empty window or timeout */
    public LedgerActivity {
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(paymentTimeout, "paymentTimeout");
        if (activityId <= 0 || skuId <= 0) {
            throw new IllegalArgumentException("activityId and skuId must be positive");
        }
        if (totalStock < 0) {
            throw new IllegalArgumentException("totalStock must be >= 0, was " + totalStock);
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt must be after startsAt");
        }
        if (paymentTimeout.isNegative() || paymentTimeout.isZero()) {
            throw new IllegalArgumentException("paymentTimeout must be positive");
        }
    }
}
