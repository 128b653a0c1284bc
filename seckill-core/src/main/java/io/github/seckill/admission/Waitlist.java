package io.github.seckill.admission;

import java.util.OptionalLong;

/**
 * The waitlist (候补队列) of activities whose released units go to waiting buyers first
 * ({@link io.github.seckill.GiveBackPolicy#WAITLIST_FIRST}), kept with the admission data.
 *
 * <p>A buyer waits on one shard, the one their user id falls on ({@code floorMod(userId, shards)}), and each shard's
 * waitlist is first in, first out. A released order's units go to the buyers waiting on its shard in one atomic step
 * with taking them off the released order ({@link #handOver}): each unit becomes an order of one waiting buyer or goes
 * back to the shard, never both, never lost. With one shard the waitlist is exactly FIFO for the whole activity; with
 * more, the longest waiting buyer of the shard whose unit came back is served first.
 *
 * <p>Lost races are return values; a failing backend throws {@link io.github.seckill.BackendUnavailableException}, an
 * activity without admission data {@link io.github.seckill.ActivityNotLoadedException}. Run seckill-tck's
 * {@code WaitlistContractTest} on an implementation.
 */
public interface Waitlist {

    /**
     * Puts a buyer at the end of their shard's waitlist, unless they wait already or it is full.
     *
     * @param request the buyer, the bound and until when entries count
     * @return {@code JOINED} or {@code ALREADY_WAITING} with the position (1 is next), or {@code FULL}
     */
    JoinResult join(JoinRequest request);

    /**
     * Takes a released order's units off it and gives each to the next buyer waiting on its shard, as a new order
     * holding one unit there; units nobody waits for go back to the shard (and reopen the activity everywhere). An
     * order whose units were already given back, or were never there, hands over nothing: a repeated call is harmless.
     *
     * @param request the released order and the ids of the orders it may create
     * @return the new orders and the units that went back to the shard
     */
    HandOver handOver(HandOverRequest request);

    /**
     * @param activityId activity
     * @param userId buyer
     * @return the buyer's position on their shard's waitlist (1 is next), if they wait
     */
    OptionalLong position(long activityId, long userId);

    /**
     * @param activityId activity
     * @param userId buyer
     * @return whether the buyer waited and no longer does
     */
    boolean leave(long activityId, long userId);

    /**
     * @param activityId activity
     * @return how many buyers wait, over every shard
     */
    long size(long activityId);
}
