package io.github.seckill.redis;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.RestockListener;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;
import io.github.seckill.shard.execution.ShardPlanExecutor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ShardedStockStore} on one Redis key per shard ({@code <prefix>:<activity>:stock:{<tag>}}) and, in the same
 * slot, a hash of the orders holding units there and how many ({@code <prefix>:<activity>:orders:{<tag>}}), which
 * makes {@link #restore} idempotent per order and lets {@link #findTaken} and {@link #snapshot} answer.
 *
 * <p>On standalone Redis a whole {@link ShardPlan} runs in one script call, atomically. On Redis Cluster the shards
 * live in different slots, which no script may touch together, so the plan runs through {@link ShardPlanExecutor}
 * over {@link ClusterShardOps}, one atomic script per shard step. Either way no shard ever goes below zero: every
 * decrement is checked against the shard's units inside a script. And {@link #remaining} never misses units that a
 * steal is moving: on standalone Redis a steal is atomic, on a cluster units on the way are counted (see
 * {@link ClusterShardOps}).
 *
 * <p>Give-backs ({@link #restore}, {@link #addStock}) publish the activity id on the restock channel from inside their
 * script; see {@link RestockSubscription}.
 */
final class RedisShardedStockStore implements ShardedStockStore {

    /** How long a stock move's result is kept for a re-sent command to find: far beyond any reconnect. */
    static final String OPERATION_TTL = Long.toString(java.util.concurrent.TimeUnit.HOURS.toMillis(1));

    private final RedisCalls redis;
    private final RedisKeys keys;
    private final ShardLayouts layouts;
    private final RestockSubscription restocks;
    private final String channel;
    private final boolean perShardSteps;
    private final InstantSource clock;

    RedisShardedStockStore(
            RedisCalls redis, RedisKeys keys, ShardLayouts layouts, RestockSubscription restocks, String channel,
            boolean perShardSteps, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.layouts = layouts;
        this.restocks = restocks;
        this.channel = channel;
        this.perShardSteps = perShardSteps;
        this.clock = clock;
    }

    @Override
    public boolean load(long activityId, long[] shardStocks) {
        Shards.checkShardCount(shardStocks.length);
        for (long s : shardStocks) {
            if (s < 0) {
                throw new IllegalArgumentException("shard stock must be >= 0, was " + s);
            }
        }
        return layouts.load(activityId, shardStocks);
    }

    @Override
    public TakeResult take(TakeRequest r) {
        if (r.quantity() < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, was " + r.quantity());
        }
        long activityId = r.activityId();
        ShardLayout layout = layouts.require(activityId);
        r.plan().checkFits(layout.shards());
        try {
            if (perShardSteps) {
                return ShardPlanExecutor.execute(r, new ClusterShardOps(redis, keys, layout, clock));
            }
            List<String> args = new ArrayList<>();
            args.add(Integer.toString(layout.shards()));
            args.add(Integer.toString(r.quantity()));
            args.add(Long.toString(r.orderId()));
            args.add(Long.toString(r.userId()));
            args.add(Long.toString(r.nowMillis()));
            PlanArgs.append(r.plan(), args);
            List<Object> reply = RedisCalls.await(
                    redis.<List<Object>>script(ScriptOutputType.MULTI, layout.planKeysWith(), ScriptOp.TAKE,
                            args.toArray(new String[0])),
                    RedisCalls.Kind.ADMISSION, "take of order " + r.orderId() + " in activity " + activityId,
                    activityId);
            return PlanArgs.takeResult(reply, 0);
        } catch (ActivityNotLoadedException e) {
            layouts.forget(activityId);
            throw e;
        }
    }

    @Override
    public Optional<TakenUnits> findTaken(long activityId, long orderId) {
        Optional<ShardLayout> found = layouts.find(activityId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ShardLayout layout = found.get();
        String order = Long.toString(orderId);
        List<CompletableFuture<String>> held = new ArrayList<>();
        for (int i = 0; i < layout.shards(); i++) {
            String key = layout.orderKey(i);
            held.add(redis.send(() -> redis.commands().hget(key, order)));
        }
        for (int i = 0; i < held.size(); i++) {
            String record = RedisCalls.await(held.get(i), RedisCalls.Kind.ADMISSION,
                    "lookup of order " + orderId + " in activity " + activityId);
            if (record != null) {
                return Optional.of(OrderRecords.parse(orderId, i, record));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean restore(long activityId, long orderId, int shard) {
        Optional<ShardLayout> found = layouts.find(activityId);
        if (found.isEmpty() || !found.get().has(shard)) {
            return false;
        }
        ShardLayout layout = found.get();
        Long r = RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER,
                        new String[] {layout.stockKey(shard), layout.orderKey(shard)},
                        ScriptOp.RESTORE, Long.toString(orderId), channel, Long.toString(activityId)),
                RedisCalls.Kind.OTHER, "restore of order " + orderId + " in activity " + activityId);
        return r == 1L;
    }

    @Override
    public void addStock(long activityId, int shard, long units, String operationId) {
        Objects.requireNonNull(operationId, "operationId");
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, was " + units);
        }
        ShardLayout layout = layouts.require(activityId);
        if (!layout.has(shard)) {
            throw new IllegalArgumentException("shard " + shard + " outside 0.." + (layout.shards() - 1));
        }
        RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER, new String[] {layout.stockKey(shard),
                        keys.operation(activityId, layout.tag(shard), operationId)},
                        ScriptOp.ADD_STOCK, Long.toString(units), channel, Long.toString(activityId), OPERATION_TTL),
                RedisCalls.Kind.OTHER, "adding stock to activity " + activityId, activityId);
    }

    /** Takes units off the fullest shards first, each shard's step applied once per operation id. */
    @Override
    public long removeStock(long activityId, long units, String operationId) {
        Objects.requireNonNull(operationId, "operationId");
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, was " + units);
        }
        ShardLayout layout = layouts.require(activityId);
        long[] now = remaining(activityId);
        Integer[] order = new Integer[now.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Long.compare(now[y], now[x]));
        long removed = 0;
        for (int shard : order) {
            long want = units - removed;
            if (want <= 0) {
                break;
            }
            Long cut = RedisCalls.await(
                    redis.<Long>script(ScriptOutputType.INTEGER, new String[] {layout.stockKey(shard),
                            keys.operation(activityId, layout.tag(shard), operationId + ":" + shard)},
                            ScriptOp.REMOVE_STOCK, Long.toString(want), OPERATION_TTL),
                    RedisCalls.Kind.OTHER, "removing stock from activity " + activityId, activityId);
            removed += cut;
        }
        return removed;
    }

    @Override
    public AdmissionStock snapshot(long activityId) {
        Optional<ShardLayout> found = layouts.find(activityId);
        if (found.isEmpty()) {
            return AdmissionStock.NOT_LOADED;
        }
        ShardLayout layout = found.get();
        if (perShardSteps) {
            return ClusterShardOps.snapshot(redis, keys, layout, clock.millis());
        }
        String[] keyList = new String[1 + 2 * layout.shards()];
        keyList[0] = keys.meta(activityId);
        String[] plan = layout.planKeysWith();
        System.arraycopy(plan, 0, keyList, 1, plan.length);
        List<Object> reply = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI, keyList, ScriptOp.SNAPSHOT,
                        Integer.toString(layout.shards())),
                RedisCalls.Kind.OTHER, "snapshot of activity " + activityId, activityId);
        if ((Long) reply.get(0) == 0L) {
            layouts.forget(activityId);
            return AdmissionStock.NOT_LOADED;
        }
        int n = layout.shards();
        long[] units = new long[n];
        for (int i = 0; i < n; i++) {
            units[i] = (Long) reply.get(1 + i);
        }
        List<TakenUnits> held = new ArrayList<>();
        int at = 1 + n;
        for (int shard = 0; shard < n; shard++) {
            int count = ((Long) reply.get(at++)).intValue();
            for (int k = 0; k < count; k++) {
                long orderId = Long.parseLong((String) reply.get(at++));
                held.add(OrderRecords.parse(orderId, shard, (String) reply.get(at++)));
            }
        }
        return new AdmissionStock(true, units, held);
    }

    @Override
    public long[] remaining(long activityId) {
        Optional<ShardLayout> found = layouts.find(activityId);
        if (found.isEmpty()) {
            return new long[0];
        }
        if (perShardSteps) {
            return ClusterShardOps.remaining(redis, found.get(), clock.millis());
        }
        String[] stockKeys = found.get().stockKeys();
        List<KeyValue<String, String>> values = RedisCalls.await(
                redis.send(() -> redis.commands().mget(stockKeys)), RedisCalls.Kind.OTHER,
                "stock of activity " + activityId);
        long[] out = new long[stockKeys.length];
        for (int i = 0; i < out.length; i++) {
            KeyValue<String, String> v = values.get(i);
            out[i] = v.hasValue() ? Long.parseLong(v.getValue()) : 0;
        }
        return out;
    }

    @Override
    public AutoCloseable onRestock(RestockListener listener) {
        return restocks.add(listener);
    }

    /** Deletes the meta key first, so that a half-finished removal reads as "never loaded", then the shards. */
    @Override
    public void remove(long activityId) {
        Optional<ShardLayout> found = layouts.find(activityId);
        layouts.forget(activityId);
        if (found.isEmpty()) {
            return;
        }
        ShardLayout layout = found.get();
        String meta = keys.meta(activityId);
        RedisCalls.await(redis.send(() -> redis.commands().del(meta)), RedisCalls.Kind.OTHER,
                "removal of activity " + activityId);
        String[] shardKeys = layout.allShardKeys();
        RedisCalls.await(redis.send(() -> redis.commands().del(shardKeys)), RedisCalls.Kind.OTHER,
                "removal of activity " + activityId);
    }

    @Override
    public String toString() {
        return "RedisShardedStockStore{" + (perShardSteps ? "per-shard steps" : "whole plans") + '}';
    }
}
