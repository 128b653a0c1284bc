package io.github.seckill.redis;

import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.TakeResult;
import java.util.List;

/** How plans travel to the script and take results come back from it. */
final class PlanArgs {

    /** Elements of a take result in a reply: shard, left, then the empty and stocked masks as 32-bit halves. */
    static final int TAKE_RESULT_SIZE = 6;

    private PlanArgs() {
    }

    /** Appends the probe count, the probes, the donor count and the donors. */
    static void append(ShardPlan plan, List<String> args) {
        args.add(Integer.toString(plan.probeCount()));
        for (int i = 0; i < plan.probeCount(); i++) {
            args.add(Integer.toString(plan.probe(i)));
        }
        args.add(Integer.toString(plan.donorCount()));
        for (int i = 0; i < plan.donorCount(); i++) {
            args.add(Integer.toString(plan.donor(i)));
        }
    }

    /**
     * @param reply a script reply
     * @param at where the take result starts in it
     * @return the take result
     */
    static TakeResult takeResult(List<Object> reply, int at) {
        int shard = ((Long) reply.get(at)).intValue();
        long left = (Long) reply.get(at + 1);
        long empty = mask(reply, at + 2);
        long stocked = mask(reply, at + 4);
        return shard < 0 ? TakeResult.none(empty, stocked) : new TakeResult(shard, left, empty, stocked);
    }

    /**
     * @param reply a script reply read as integers
     * @param at where the take result starts in it
     * @return the take result
     */
    static TakeResult takeResult(long[] reply, int at) {
        int shard = (int) reply[at];
        long empty = (reply[at + 2] & 0xFFFF_FFFFL) | (reply[at + 3] << 32);
        long stocked = (reply[at + 4] & 0xFFFF_FFFFL) | (reply[at + 5] << 32);
        return shard < 0 ? TakeResult.none(empty, stocked) : new TakeResult(shard, reply[at + 1], empty, stocked);
    }

    private static long mask(List<Object> reply, int at) {
        return ((Long) reply.get(at) & 0xFFFF_FFFFL) | ((Long) reply.get(at + 1) << 32);
    }
}
