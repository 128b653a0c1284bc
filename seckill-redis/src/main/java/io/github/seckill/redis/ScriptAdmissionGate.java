package io.github.seckill.redis;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.OrderIdConflictException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.ShardedStockStore;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The standalone-Redis {@link AdmissionGate}: the whole attempt, per-user dedupe and the {@link
 * io.github.seckill.shard.ShardPlan}, is one atomic script call. The script reads the user's slot first and touches
 * no stock for a repeat buyer; a replay of the same request id answers the original order id; otherwise the plan
 * runs with the exact semantics of {@link io.github.seckill.shard.execution.ShardPlanExecutor}, and only if it took units is
 * the slot written, confirmed, with the order id, shard and quantity. Because nothing else can run in between, no
 * claim is ever left pending and nothing needs compensating.
 *
 * <p>Concurrent attempts are batched into one script call by an {@link AdmissionCoalescer} (see {@link Coalescing});
 * the script decides a batch's attempts one after another, so each answer is exactly what the attempt would get alone.
 *
 * <p>A command timeout is an unknown outcome ({@link AttemptOutcomeUnknownException}): the script may or may not
 * have run, entirely. Retrying with the same request id then answers the original admission (replayed) or decides
 * anew, never admits twice. Other failures are {@link io.github.seckill.BackendUnavailableException}s. The stock
 * operations are those of the {@link RedisShardedStockStore} on the same keys.
 */
final class ScriptAdmissionGate implements AdmissionGate {

    private static final long ADMITTED = 1;
    private static final long REPLAYED = 2;
    private static final long DUPLICATE = 3;
    private static final long SOLD_OUT = 4;
    private static final long ORDER_CONFLICT = 6;

    private final RedisCalls redis;
    private final RedisKeys keys;
    private final ShardLayouts layouts;
    private final RedisShardedStockStore store;
    private final RedisDedupeGuard guard;
    private final String channel;
    private final @Nullable AdmissionCoalescer coalescer;
    private final byte[] sha;

    ScriptAdmissionGate(
            RedisCalls redis, RedisKeys keys, ShardLayouts layouts, RedisShardedStockStore store,
            RedisDedupeGuard guard, String channel, Coalescing coalescing, ScheduledExecutorService timer) {
        this.redis = redis;
        this.keys = keys;
        this.layouts = layouts;
        this.store = store;
        this.guard = guard;
        this.channel = channel;
        this.sha = redis.scriptSha();
        this.coalescer = coalescing.enabled() ? new AdmissionCoalescer(coalescing, timer, this::sendBatch) : null;
    }

    @Override
    public ShardedStockStore stock() {
        return store;
    }

    @Override
    public DedupeGuard dedupe() {
        return guard;
    }

    @Override
    public AdmissionDecision admit(AdmissionRequest request) {
        ShardLayout layout = check(request);
        return RedisCalls.await(submit(request, layout, true), RedisCalls.Kind.ADMISSION, describe(request),
                request.activityId());
    }

    @Override
    public CompletionStage<AdmissionDecision> admitAsync(AdmissionRequest request) {
        ShardLayout layout;
        try {
            layout = check(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(request, layout, false);
    }

    private CompletableFuture<AdmissionDecision> submit(AdmissionRequest request, ShardLayout layout, boolean awaited) {
        if (coalescer != null) {
            return coalescer.submit(request, layout, awaited);
        }
        AdmissionCoalescer.Pending single = new AdmissionCoalescer.Pending(request, layout, awaited);
        sendBatch(layout, List.of(single));
        return single;
    }

    /** Checks a request before it is sent: bad input never reaches Redis. */
    private ShardLayout check(AdmissionRequest r) {
        Objects.requireNonNull(r, "request");
        Objects.requireNonNull(r.requestId(), "requestId");
        if (r.quantity() < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, was " + r.quantity());
        }
        ShardLayout layout = layouts.require(r.activityId());
        r.plan().checkFits(layout.shards());
        return layout;
    }

    /**
     * One script call deciding the batch, all of the activity of {@code layout}, in order. Its asynchronous attempts
     * are answered on the callback executor, never on a Lettuce I/O thread (what callers chain may block on Redis);
     * its {@link AdmissionCoalescer.Pending#awaited awaited} ones directly, which only wakes their callers.
     *
     * @return completes when the call has returned (before the answers are delivered)
     */
    private CompletableFuture<long[]> sendBatch(ShardLayout layout, List<AdmissionCoalescer.Pending> batch) {
        int attempts = batch.size();
        CompletableFuture<long[]> call = redis.evalsha(new AdmitCall.Args(sha, layout, batch),
                () -> new AdmitCall.Reply(attempts));
        call.whenComplete((reply, failure) -> {
            if (failure != null && RedisCalls.translate(failure, RedisCalls.Kind.ADMISSION, "admission",
                    layout.activityId()) instanceof ActivityNotLoadedException) {
                layouts.forget(layout.activityId()); // removed meanwhile: read the layout again next time
            }
            Throwable problem = problem(batch, reply, failure);
            boolean handOff = false;
            for (AdmissionCoalescer.Pending p : batch) {
                handOff |= !p.awaited;
            }
            if (handOff) {
                redis.deliver(() -> answer(batch, false, reply, problem));
            }
            answer(batch, true, reply, problem);
        });
        return call;
    }

    /** @return why the call's reply cannot be decoded, or {@code null} */
    private static @Nullable Throwable problem(
            List<AdmissionCoalescer.Pending> batch, long @Nullable [] reply, @Nullable Throwable failure) {
        if (failure == null && (reply == null || reply.length != batch.size() * AdmitCall.OUTCOME_SIZE)) {
            return new IllegalStateException("the admission script answered " + (reply == null ? "nothing"
                    : reply.length + " values for " + batch.size() + " attempts"));
        }
        return failure;
    }

    /** Answers the attempts of the batch that are {@code awaited}, or those that are not. */
    private static void answer(List<AdmissionCoalescer.Pending> batch, boolean awaited, long @Nullable [] reply,
            @Nullable Throwable problem) {
        for (int i = 0; i < batch.size(); i++) {
            AdmissionCoalescer.Pending p = batch.get(i);
            if (p.awaited != awaited) {
                continue;
            }
            if (problem != null || reply == null) {
                p.completeExceptionally(RedisCalls.translate(
                        problem != null ? problem : new IllegalStateException("no reply"), RedisCalls.Kind.ADMISSION,
                        describe(p.request), p.request.activityId()));
                continue;
            }
            try {
                p.complete(decode(reply, i, p.request));
            } catch (RuntimeException e) {
                p.completeExceptionally(e);
            }
        }
    }

    private static AdmissionDecision decode(long[] reply, int index, AdmissionRequest r) {
        int at = index * AdmitCall.OUTCOME_SIZE;
        long code = reply[at];
        long orderId = reply[at + 1];
        if (code == ADMITTED) {
            return AdmissionDecision.admitted(orderId, PlanArgs.takeResult(reply, at + 2), r.quantity());
        }
        if (code == REPLAYED) {
            return AdmissionDecision.replayed(orderId, (int) reply[at + 2], (int) reply[at + 3]);
        }
        if (code == DUPLICATE) {
            return AdmissionDecision.duplicate(orderId);
        }
        if (code == SOLD_OUT) {
            return AdmissionDecision.soldOut(PlanArgs.takeResult(reply, at + 2));
        }
        if (code == ORDER_CONFLICT) {
            throw new OrderIdConflictException(orderId, "order " + orderId + " already holds units for another user "
                    + "than " + r.userId() + "; nothing was admitted");
        }
        throw new AttemptOutcomeUnknownException(
                "request " + r.requestId() + " of user " + r.userId() + " is still in flight", null);
    }

    private static String describe(AdmissionRequest r) {
        return "admission of user " + r.userId() + " to activity " + r.activityId();
    }

    /** Gives the units back and frees the slot in one script call: units first, then the slot. */
    @Override
    public void revoke(HeldUnits units) {
        long activityId = units.activityId();
        Optional<ShardLayout> found = layouts.find(activityId);
        if (found.isEmpty() || !found.get().has(units.shard())) {
            guard.release(activityId, units.userId(), units.orderId());
            return;
        }
        ShardLayout layout = found.get();
        int shard = units.shard();
        RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER,
                        new String[] {layout.stockKey(shard), layout.orderKey(shard),
                                keys.user(activityId, units.userId())},
                        ScriptOp.REVOKE, Long.toString(units.orderId()), channel, Long.toString(activityId)),
                RedisCalls.Kind.OTHER, "revoke of order " + units.orderId() + " in activity " + activityId);
    }

    @Override
    public void remove(long activityId) {
        store.remove(activityId);
        guard.remove(activityId);
    }

    @Override
    public String toString() {
        return "ScriptAdmissionGate{" + (coalescer != null ? "coalescing" : "one call per attempt") + '}';
    }
}
