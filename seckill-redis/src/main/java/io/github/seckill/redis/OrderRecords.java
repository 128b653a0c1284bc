package io.github.seckill.redis;

import io.github.seckill.admission.TakenUnits;

/**
 * The value of an order's record in a shard's orders hash: {@code <units>:<user>:<taken at millis>}, written by the
 * script's take in the same step that decrements the shard.
 */
final class OrderRecords {

    private OrderRecords() {
    }

    /**
     * @param orderId the record's field
     * @param shard the shard whose hash holds it
     * @param value the record
     * @return the units the order holds
     * @throws IllegalStateException on a record of another form
     */
    static TakenUnits parse(long orderId, int shard, String value) {
        String[] parts = value.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalStateException("order " + orderId + " has an unreadable record '" + value + "'");
        }
        return new TakenUnits(orderId, Long.parseLong(parts[1]), shard, Integer.parseInt(parts[0]),
                Long.parseLong(parts[2]));
    }
}
