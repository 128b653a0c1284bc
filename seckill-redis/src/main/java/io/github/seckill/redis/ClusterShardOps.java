package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.shard.execution.ShardOps;
import io.lettuce.core.ScriptOutputType;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-shard steps of a plan on Redis Cluster, where each shard's keys share a slot but different shards do not:
 * each step is one atomic script on one slot.
 *
 * <ul>
 *   <li>{@link #tryTake}: checks the shard's units and, if enough, decrements them and records the order in the same
 *       slot, all in one script. Units never go below zero, and an order that already holds units there takes nothing
 *       more, so a retried step cannot take twice.</li>
 *   <li>{@link #moveHalf}: steals in two steps on two slots, the donor decremented first, the target incremented
 *       after. Between them the units are on neither shard, so a concurrent attempt can only find less stock, never
 *       more: no oversell. If either step fails with an unknown outcome, units may be lost to admission
 *       (undersell, logged with the numbers so that a reconciliation against the ledger can add them back).</li>
 * </ul>
 *
 * <p>Units on the way are never missing from {@link #remaining}: each step also counts them in its shard's transit
 * hash, atomically with the decrement or increment ("sent" on the donor, "received" on the target), under a hold
 * deadline both sides share. A reader asks every shard with one "now" and adds sent minus received over the counts
 * still held: a steal in flight counts once, on its donor; an arrived one cancels out; whichever order the shards are
 * read in. So a sum of zero really means no units are left, which the engine's sold-out flag relies on.
 */
final class ClusterShardOps implements ShardOps {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterShardOps.class);
    /** How long a steal's units count as in transit: far longer than a steal takes, so readers never miss them. */
    private static final long HOLD_MILLIS = 60_000;
    /** Hold deadlines are rounded up to this, so that a shard's transit hash keeps a few dozen fields at most. */
    private static final long HOLD_STEP_SECONDS = 10;

    private final RedisCalls redis;
    private final RedisKeys keys;
    private final ShardLayout layout;
    private final InstantSource clock;

    ClusterShardOps(RedisCalls redis, RedisKeys keys, ShardLayout layout, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.layout = layout;
        this.clock = clock;
    }

    @Override
    public long tryTake(int shard, TakeRequest r) {
        return RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER,
                        new String[] {layout.stockKey(shard), layout.orderKey(shard)},
                        ScriptOp.TRY_TAKE, Integer.toString(r.quantity()), Long.toString(r.orderId()),
                        Long.toString(r.userId()), Long.toString(r.nowMillis())),
                RedisCalls.Kind.ADMISSION, "take of order " + r.orderId() + " in activity " + layout.activityId(),
                layout.activityId());
    }

    @Override
    public long moveHalf(int donor, int target) {
        long now = clock.millis();
        String hold = Long.toString(
                (Math.floorDiv(now + HOLD_MILLIS, HOLD_STEP_SECONDS * 1000) + 1) * HOLD_STEP_SECONDS);
        String forgetBefore = Long.toString(Math.floorDiv(now - 2 * HOLD_MILLIS, 1000));
        // One id for both halves: a half re-sent after a reconnect finds its result and moves nothing again.
        String steal = UUID.randomUUID().toString();
        long moved;
        try {
            moved = RedisCalls.await(
                    redis.<Long>script(ScriptOutputType.INTEGER, new String[] {layout.stockKey(donor),
                            layout.transitKey(donor), keys.operation(layout.activityId(), layout.tag(donor),
                                    steal + ":send")},
                            ScriptOp.SEND_HALF, hold, forgetBefore, RedisShardedStockStore.OPERATION_TTL),
                    RedisCalls.Kind.ADMISSION, "steal from shard " + donor + " of activity " + layout.activityId());
        } catch (RuntimeException e) {
            // The script may have run without its answer coming back: then half of the donor left it for nowhere.
            LOG.error("a steal from shard {} of activity {} into shard {} has an unknown outcome: up to half of {} may "
                    + "have left it without arriving; reconciliation must add them back", donor, layout.activityId(),
                    target, layout.stockKey(donor), e);
            throw e;
        }
        if (moved == 0) {
            return 0;
        }
        try {
            RedisCalls.await(
                    redis.<Long>script(ScriptOutputType.INTEGER,
                            new String[] {layout.stockKey(target), layout.transitKey(target),
                                    keys.operation(layout.activityId(), layout.tag(target), steal + ":receive")},
                            ScriptOp.RECEIVE, Long.toString(moved), hold, forgetBefore,
                            RedisShardedStockStore.OPERATION_TTL),
                    RedisCalls.Kind.ADMISSION, "steal into shard " + target + " of activity " + layout.activityId());
        } catch (RuntimeException e) {
            LOG.error("{} units of activity {} left shard {} but may not have reached shard {}; if {} does not hold "
                    + "them, reconciliation must add them back", moved, layout.activityId(), donor, target,
                    layout.stockKey(target), e);
            throw e;
        }
        return moved;
    }

    /**
     * Units per shard, steals in flight included: the sum is exact whatever steals run meanwhile. A steal's units are
     * attributed to the shard they left until they arrive, so each value is what that shard holds or is sending.
     *
     * @param redis calls
     * @param layout the activity
     * @param now the reader's time, the same for every shard
     * @return units per shard
     */
    static long[] remaining(RedisCalls redis, ShardLayout layout, long now) {
        int n = layout.shards();
        List<CompletableFuture<List<Long>>> reads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reads.add(redis.script(ScriptOutputType.MULTI,
                    new String[] {layout.stockKey(i), layout.transitKey(i)}, ScriptOp.UNITS, Long.toString(now)));
        }
        long[] units = new long[n];
        long inFlight = 0;
        int sender = 0;
        long mostSent = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            List<Long> r = RedisCalls.await(reads.get(i), RedisCalls.Kind.OTHER,
                    "stock of activity " + layout.activityId());
            units[i] = r.get(0);
            long net = r.get(1) - r.get(2);
            inFlight += net;
            if (net > mostSent) {
                mostSent = net;
                sender = i;
            }
        }
        if (inFlight > 0) {
            units[sender] += inFlight;
        } else if (inFlight < 0) {
            // a shard read before a steal left it and its target read after the units arrived: counted twice
            long excess = -inFlight;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(units[b], units[a]));
            for (int k = 0; k < n && excess > 0; k++) {
                long cut = Math.min(excess, units[order[k]]);
                units[order[k]] -= cut;
                excess -= cut;
            }
        }
        return units;
    }

    /**
     * Everything admission holds for an activity, shard by shard: each shard's units and records in one step of its
     * slot (a take moves units between the two atomically), and units a steal is moving counted on the shard they
     * left, as in {@link #remaining}.
     *
     * @param redis calls
     * @param keys key names
     * @param layout the activity
     * @param now the reader's time, the same for every shard
     * @return the activity's stock and records, or not loaded when its meta key or a shard is missing
     */
    static AdmissionStock snapshot(RedisCalls redis, RedisKeys keys, ShardLayout layout, long now) {
        long id = layout.activityId();
        CompletableFuture<Boolean> meta = redis.send(() -> redis.commands().hexists(keys.meta(id), "tags"));
        int n = layout.shards();
        List<CompletableFuture<List<Object>>> reads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reads.add(redis.script(ScriptOutputType.MULTI,
                    new String[] {layout.stockKey(i), layout.orderKey(i), layout.transitKey(i)},
                    ScriptOp.SHARD_STATE, Long.toString(now)));
        }
        boolean loaded = Boolean.TRUE.equals(RedisCalls.await(meta, RedisCalls.Kind.OTHER, "meta of activity " + id));
        long[] units = new long[n];
        long inFlight = 0;
        int sender = 0;
        long mostSent = Long.MIN_VALUE;
        List<TakenUnits> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> r = RedisCalls.await(reads.get(i), RedisCalls.Kind.OTHER, "stock of activity " + id);
            if ((Long) r.get(0) == 0L) {
                loaded = false;
                continue;
            }
            units[i] = (Long) r.get(1);
            long net = (Long) r.get(2) - (Long) r.get(3);
            inFlight += net;
            if (net > mostSent) {
                mostSent = net;
                sender = i;
            }
            int count = ((Long) r.get(4)).intValue();
            for (int k = 0, at = 5; k < count; k++) {
                long orderId = Long.parseLong((String) r.get(at++));
                held.add(OrderRecords.parse(orderId, i, (String) r.get(at++)));
            }
        }
        if (!loaded) {
            return AdmissionStock.NOT_LOADED;
        }
        if (inFlight > 0) {
            units[sender] += inFlight;
        }
        return new AdmissionStock(true, units, held);
    }
}
