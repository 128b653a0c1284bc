package io.github.seckill.admission;

import java.util.Arrays;
import java.util.List;

/**
 * What the admission store holds for one activity, read for reconciliation: the units left on each shard and the
 * orders holding units. A store reads it so that every order's units are either on its shard or in its record, never
 * in both or neither (on standalone Redis one script reads everything; on a cluster each shard's stock and records are
 * read together, and units a steal is moving are counted on the shard they left).
 *
 * @param loaded whether the store holds the activity at all; {@code false} after a data loss or before the first load
 * @param units units left per shard (empty when not loaded)
 * @param held the orders holding units
 */
public record AdmissionStock(boolean loaded, long[] units, List<TakenUnits> held) {

    /** The answer for an activity the store does not hold. */
    public static final AdmissionStock NOT_LOADED = new AdmissionStock(false, new long[0], List.of());

    /** Copies its arguments. */
    public AdmissionStock {
        units = units.clone();
        held = List.copyOf(held);
    }

    /** @return a copy of the units per shard */
    @Override
    public long[] units() {
        return units.clone();
    }

    /** @return units left over every shard */
    public long remaining() {
        return Arrays.stream(units).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdmissionStock s && s.loaded == loaded && Arrays.equals(s.units, units)
                && s.held.equals(held);
    }

    @Override
    public int hashCode() {
        return (Boolean.hashCode(loaded) * 31 + Arrays.hashCode(units)) * 31 + held.hashCode();
    }

    @Override
    public String toString() {
        return "AdmissionStock{loaded=" + loaded + ", units=" + Arrays.toString(units) + ", held=" + held.size() + '}';
    }
}
