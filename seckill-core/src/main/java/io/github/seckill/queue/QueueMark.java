package io.github.seckill.queue;

import java.util.Map;

/**
 * A position in an {@link OrderQueue}: everything published before it. {@link OrderQueue#settledThrough} tells
 * whether consumers have handled all of that, which is how reconciliation knows no order admitted before some moment
 * is still on its way to the ledger.
 *
 * @param positions the next position per partition when the mark was taken (a queue without partitions uses one
 *     entry)
 */
public record QueueMark(Map<Integer, Long> positions) {

    /** Copies the positions. */
    public QueueMark {
        positions = Map.copyOf(positions);
    }
}
