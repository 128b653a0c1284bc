package io.github.seckill.admission;

import java.util.List;

/**
 * What a {@link Waitlist#handOver} did with a released order's units.
 *
 * @param held whether the released order still held its units (when not, nothing happened)
 * @param offers the orders created for waiting buyers, one unit each, oldest waiting first
 * @param restored units that went back to the shard, nobody waiting for them
 */
public record HandOver(boolean held, List<TakenUnits> offers, int restored) {

    /** A hand-over of an order that held nothing. */
    public static final HandOver NOTHING = new HandOver(false, List.of(), 0);

    /** @param offers the orders created */
    public HandOver {
        offers = List.copyOf(offers);
    }
}
