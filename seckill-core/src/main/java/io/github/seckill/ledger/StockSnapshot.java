package io.github.seckill.ledger;

/**
 * An activity's stock row: every unit is in exactly one of available, locked (waiting for payment) or sold.
 *
 * @param activityId activity
 * @param totalStock units on sale
 * @param available units not yet locked
 * @param locked units locked by orders waiting for payment
 * @param sold units of paid orders
 */
public record StockSnapshot(long activityId, long totalStock, long available, long locked, long sold) {

    /** @return whether {@code available + locked + sold == totalStock} and none is negative */
    public boolean balanced() {
        return available >= 0 && locked >= 0 && sold >= 0 && available + locked + sold == totalStock;
    }
}
