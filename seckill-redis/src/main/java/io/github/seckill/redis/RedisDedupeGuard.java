package io.github.seckill.redis;

import io.github.seckill.admission.Claim;
import io.github.seckill.admission.DedupeGuard;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DedupeGuard} on one Redis key per (activity, user), {@code <prefix>:<activity>:user:<user>}, changed only by
 * single-key script calls: it works unchanged on standalone Redis and on Redis Cluster, where the keys of one
 * activity's buyers spread over every slot.
 *
 * <p>The key's value holds the order id, the shard (or pending), the quantity when known, the deadline and the
 * request id. Liveness is decided by the deadline against the time passed in, never by the server's clock; the key
 * also expires a while after its deadline, only to give memory back. A command timeout in {@code claim},
 * {@code confirm} or {@code release} is an {@link io.github.seckill.AttemptOutcomeUnknownException}: the change may
 * have been made, and retrying the attempt with the same request id resolves it. Other failures are
 * {@link io.github.seckill.BackendUnavailableException}s.
 */
final class RedisDedupeGuard implements DedupeGuard {

    private final RedisCalls redis;
    private final RedisKeys keys;

    RedisDedupeGuard(RedisCalls redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Claim claim(
            long activityId, long userId, String requestId, long orderId, long nowMillis, long leaseUntilMillis) {
        Objects.requireNonNull(requestId, "requestId");
        List<Object> r = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI, slot(activityId, userId), "claim", requestId,
                        Long.toString(orderId), Long.toString(nowMillis), Long.toString(leaseUntilMillis)),
                RedisCalls.Kind.ADMISSION, "claim of user " + userId + " in activity " + activityId);
        return new Claim(kind((Long) r.get(0)), Long.parseLong((String) r.get(1)), (String) r.get(2),
                ((Long) r.get(3)).intValue(), ((Long) r.get(4)).intValue());
    }

    @Override
    public boolean confirm(
            long activityId, long userId, String requestId, long orderId, int shard, int quantity, long nowMillis,
            long expiresAtMillis) {
        Objects.requireNonNull(requestId, "requestId");
        Long r = RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER, slot(activityId, userId), "confirm", requestId,
                        Long.toString(orderId), Integer.toString(shard), Integer.toString(quantity),
                        Long.toString(nowMillis),
                        Long.toString(expiresAtMillis)),
                RedisCalls.Kind.ADMISSION, "confirm of user " + userId + " in activity " + activityId);
        return r == 1L;
    }

    @Override
    public boolean release(long activityId, long userId, long orderId) {
        Long r = RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER, slot(activityId, userId), "release", Long.toString(orderId)),
                RedisCalls.Kind.ADMISSION, "release of user " + userId + " in activity " + activityId);
        return r == 1L;
    }

    @Override
    public Optional<Claim> find(long activityId, long userId, long nowMillis) {
        List<Object> r = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI, slot(activityId, userId), "find",
                        Long.toString(nowMillis)),
                RedisCalls.Kind.OTHER, "find of user " + userId + " in activity " + activityId);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Claim(Claim.Kind.DUPLICATE, Long.parseLong((String) r.get(0)), (String) r.get(1),
                ((Long) r.get(2)).intValue(), ((Long) r.get(3)).intValue()));
    }

    private static Claim.Kind kind(long code) {
        return code == 1 ? Claim.Kind.NEW : code == 2 ? Claim.Kind.REPLAY : Claim.Kind.DUPLICATE;
    }

    private String[] slot(long activityId, long userId) {
        return new String[] {keys.user(activityId, userId)};
    }

    @Override
    public String toString() {
        return "RedisDedupeGuard";
    }
}
