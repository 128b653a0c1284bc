package io.github.seckill.redis;

import io.github.seckill.admission.Claim;
import io.github.seckill.admission.ClaimRequest;
import io.github.seckill.admission.ConfirmRequest;
import io.github.seckill.admission.DedupeGuard;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
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
    public Claim claim(ClaimRequest c) {
        List<Object> r = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI, slot(c.activityId(), c.userId()), ScriptOp.CLAIM,
                        c.requestId(), Long.toString(c.orderId()), Long.toString(c.nowMillis()),
                        Long.toString(c.leaseUntilMillis())),
                RedisCalls.Kind.ADMISSION, "claim of user " + c.userId() + " in activity " + c.activityId());
        return new Claim(kind((Long) r.get(0)), Long.parseLong((String) r.get(1)), (String) r.get(2),
                ((Long) r.get(3)).intValue(), ((Long) r.get(4)).intValue());
    }

    @Override
    public boolean confirm(ConfirmRequest c) {
        Long r = RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER, slot(c.activityId(), c.userId()), ScriptOp.CONFIRM,
                        c.requestId(), Long.toString(c.orderId()), Integer.toString(c.shard()),
                        Integer.toString(c.quantity()), Long.toString(c.nowMillis()),
                        Long.toString(c.expiresAtMillis())),
                RedisCalls.Kind.ADMISSION, "confirm of user " + c.userId() + " in activity " + c.activityId());
        return r == 1L;
    }

    @Override
    public boolean release(long activityId, long userId, long orderId) {
        Long r = RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER, slot(activityId, userId), ScriptOp.RELEASE, Long.toString(orderId)),
                RedisCalls.Kind.ADMISSION, "release of user " + userId + " in activity " + activityId);
        return r == 1L;
    }

    @Override
    public Optional<Claim> find(long activityId, long userId, long nowMillis) {
        List<Object> r = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI, slot(activityId, userId), ScriptOp.FIND,
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
