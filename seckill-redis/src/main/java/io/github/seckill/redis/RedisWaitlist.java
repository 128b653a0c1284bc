package io.github.seckill.redis;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.admission.HandOver;
import io.github.seckill.admission.HandOverRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.JoinRequest;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.admission.Waitlist;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Waitlist} on one sorted set per shard ({@code <prefix>:<activity>:waitlist:{<tag>}}, buyers by join time), in
 * the shard's slot: the hand-over of a released order's units to waiting buyers is one script over the shard's stock,
 * its order records and its waitlist, atomic on standalone Redis and on a cluster alike. A join checks the bound and
 * the buyer's presence in the same script. The set expires with the activity's window.
 */
final class RedisWaitlist implements Waitlist {

    private static final JoinResult.Outcome[] JOIN_CODES =
            {null, JoinResult.Outcome.JOINED, JoinResult.Outcome.ALREADY_WAITING, JoinResult.Outcome.FULL};

    private final RedisCalls redis;
    private final ShardLayouts layouts;
    private final String channel;

    RedisWaitlist(RedisCalls redis, ShardLayouts layouts, String channel) {
        this.redis = redis;
        this.layouts = layouts;
        this.channel = channel;
    }

    @Override
    public JoinResult join(JoinRequest r) {
        ShardLayout layout = layouts.require(r.activityId());
        int shard = JoinRequest.shardOf(r.userId(), layout.shards());
        List<Object> reply = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI,
                        new String[] {layout.stockKey(shard), layout.waitlistKey(shard)}, ScriptOp.WAIT_JOIN,
                        Long.toString(r.userId()), Integer.toString(r.capacityPerShard(layout.shards())),
                        Long.toString(r.nowMillis()), Long.toString(r.untilMillis())),
                RedisCalls.Kind.OTHER, "waitlist join of user " + r.userId() + " in activity " + r.activityId(),
                r.activityId());
        JoinResult.Outcome outcome = JOIN_CODES[(int) (long) (Long) reply.get(0)];
        return new JoinResult(outcome, (Long) reply.get(1));
    }

    @Override
    public HandOver handOver(HandOverRequest r) {
        HeldUnits released = r.released();
        Optional<ShardLayout> found = layouts.find(released.activityId());
        if (found.isEmpty() || !found.get().has(released.shard())) {
            return HandOver.NOTHING;
        }
        ShardLayout layout = found.get();
        int shard = released.shard();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(released.orderId()));
        args.add(Long.toString(r.nowMillis()));
        args.add(Long.toString(r.untilMillis()));
        args.add(channel);
        args.add(Long.toString(released.activityId()));
        r.offerOrderIds().forEach(id -> args.add(Long.toString(id)));
        List<Object> reply = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI, new String[] {layout.stockKey(shard),
                        layout.orderKey(shard), layout.waitlistKey(shard)}, ScriptOp.HAND_OVER,
                        args.toArray(new String[0])),
                RedisCalls.Kind.OTHER, "hand-over of order " + released.orderId() + " in activity "
                        + released.activityId());
        if ((Long) reply.get(0) == 0L) {
            return HandOver.NOTHING;
        }
        List<TakenUnits> offers = new ArrayList<>();
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            long user = Long.parseLong(text(reply.get(i)));
            long order = Long.parseLong(text(reply.get(i + 1)));
            offers.add(new TakenUnits(order, user, shard, 1, r.nowMillis()));
        }
        return new HandOver(true, offers, (int) (long) (Long) reply.get(1));
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(value);
    }

    @Override
    public OptionalLong position(long activityId, long userId) {
        Optional<ShardLayout> found = layouts.find(activityId);
        if (found.isEmpty()) {
            return OptionalLong.empty();
        }
        String key = found.get().waitlistKey(JoinRequest.shardOf(userId, found.get().shards()));
        Long rank = RedisCalls.await(redis.send(() -> redis.commands().zrank(key, Long.toString(userId))),
                RedisCalls.Kind.OTHER, "waitlist position of user " + userId + " in activity " + activityId);
        return rank == null ? OptionalLong.empty() : OptionalLong.of(rank + 1);
    }

    @Override
    public boolean leave(long activityId, long userId) {
        Optional<ShardLayout> found = layouts.find(activityId);
        if (found.isEmpty()) {
            return false;
        }
        String key = found.get().waitlistKey(JoinRequest.shardOf(userId, found.get().shards()));
        Long removed = RedisCalls.await(redis.send(() -> redis.commands().zrem(key, Long.toString(userId))),
                RedisCalls.Kind.OTHER, "leaving the waitlist of activity " + activityId);
        return removed != null && removed > 0;
    }

    @Override
    public long size(long activityId) {
        ShardLayout layout;
        try {
            layout = layouts.require(activityId);
        } catch (ActivityNotLoadedException e) {
            return 0;
        }
        List<CompletableFuture<Long>> sizes = new ArrayList<>();
        for (int i = 0; i < layout.shards(); i++) {
            String key = layout.waitlistKey(i);
            sizes.add(redis.send(() -> redis.commands().zcard(key)));
        }
        long total = 0;
        for (CompletableFuture<Long> s : sizes) {
            Long n = RedisCalls.await(s, RedisCalls.Kind.OTHER, "waitlist size of activity " + activityId);
            total += n == null ? 0 : n;
        }
        return total;
    }
}
