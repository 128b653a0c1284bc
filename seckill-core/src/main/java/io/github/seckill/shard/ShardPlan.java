package io.github.seckill.shard;

import java.util.Arrays;

/**
 * Which shards one admission tries, in which order, and whom it may steal from. Every backend executes a plan with
 * exactly these semantics (see {@link ShardPlanExecutor}, the reference):
 *
 * <ol>
 *   <li>For each probe in order: if the shard holds at least the requested quantity, take it there. Done.</li>
 *   <li>Otherwise, for each donor in order: move half of the donor's units (rounded up) onto the first probe, then try
 *       to take the quantity there. Done when it succeeds.</li>
 *   <li>Otherwise the attempt found no stock.</li>
 * </ol>
 *
 * <p>A shard's units never go below zero at any step. Probes are distinct; donors are distinct and never the first
 * probe. Plans are immutable and may be cached and shared.
 */
public final class ShardPlan {

    private final int[] probes;
    private final int[] donors;

    private ShardPlan(int[] probes, int[] donors) {
        if (probes.length == 0) {
            throw new IllegalArgumentException("a plan needs at least one probe");
        }
        this.probes = probes;
        this.donors = donors;
        checkDistinct(probes, "probes");
        checkDistinct(donors, "donors");
        for (int donor : donors) {
            if (donor == probes[0]) {
                throw new IllegalArgumentException("the steal target " + donor + " cannot be its own donor");
            }
        }
    }

    /**
     * @param shards shards to try in order, at least one
     * @return a plan that probes and never steals
     */
    public static ShardPlan probing(int... shards) {
        return new ShardPlan(shards.clone(), new int[0]);
    }

    /**
     * @param target the shard to take from, refilled from donors when it runs short
     * @param donors shards to steal half from, in order
     * @return a plan that probes {@code target} and then steals into it
     */
    public static ShardPlan stealInto(int target, int... donors) {
        return new ShardPlan(new int[] {target}, donors.clone());
    }

    /**
     * @param probes shards to try in order, at least one
     * @param donors shards to steal half from into {@code probes[0]}, in order
     * @return a plan that probes, then steals
     */
    public static ShardPlan of(int[] probes, int[] donors) {
        return new ShardPlan(probes.clone(), donors.clone());
    }

    /** @return the number of probes, at least one */
    public int probeCount() {
        return probes.length;
    }

    /**
     * @param i index, {@code 0 <= i < probeCount()}
     * @return the shard of the {@code i}-th probe
     */
    public int probe(int i) {
        return probes[i];
    }

    /** @return the number of donors, zero for a plan that never steals */
    public int donorCount() {
        return donors.length;
    }

    /**
     * @param i index, {@code 0 <= i < donorCount()}
     * @return the shard of the {@code i}-th donor
     */
    public int donor(int i) {
        return donors[i];
    }

    /** @return a copy of the probes */
    public int[] probes() {
        return probes.clone();
    }

    /** @return a copy of the donors */
    public int[] donors() {
        return donors.clone();
    }

    /**
     * Checks that every shard of the plan exists.
     *
     * @param shardCount the activity's number of shards
     * @throws IllegalArgumentException naming the first shard out of range
     */
    public void checkFits(int shardCount) {
        for (int s : probes) {
            checkRange(s, shardCount);
        }
        for (int s : donors) {
            checkRange(s, shardCount);
        }
    }

    private static void checkRange(int shard, int shardCount) {
        if (shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("shard " + shard + " outside 0.." + (shardCount - 1));
        }
    }

    private static void checkDistinct(int[] shards, String what) {
        long seen = 0;
        for (int s : shards) {
            if (s < 0 || s >= Shards.MAX_SHARDS) {
                throw new IllegalArgumentException(what + ": shard " + s + " outside 0.." + (Shards.MAX_SHARDS - 1));
            }
            if ((seen & Shards.bit(s)) != 0) {
                throw new IllegalArgumentException(what + " repeat shard " + s);
            }
            seen |= Shards.bit(s);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardPlan p && Arrays.equals(probes, p.probes) && Arrays.equals(donors, p.donors);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(probes) + Arrays.hashCode(donors);
    }

    @Override
    public String toString() {
        return "ShardPlan{probes=" + Arrays.toString(probes) + ", donors=" + Arrays.toString(donors) + '}';
    }
}
