package io.github.seckill.redis;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** The settings a {@link SeckillRedis} was built with ({@link SeckillRedis#builder}). Immutable. */
public final class SeckillRedisOptions {

    private final String keyPrefix;
    private final String restockChannel;
    private final Duration commandTimeout;
    private final Coalescing coalescing;
    private final @Nullable Executor callbackExecutor;
    private final InstantSource clock;

    SeckillRedisOptions(SeckillRedis.Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.restockChannel = b.restockChannel != null ? b.restockChannel : b.keyPrefix + ":restock";
        this.commandTimeout = b.commandTimeout;
        this.coalescing = b.coalescing;
        this.callbackExecutor = b.callbackExecutor;
        this.clock = b.clock;
    }

    /** @return the prefix of every key this backend writes */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** @return the pub/sub channel restock notifications travel on */
    public String restockChannel() {
        return restockChannel;
    }

    /** @return how long one Redis call may take before its outcome counts as unknown */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** @return how the standalone admission gate batches attempts */
    public Coalescing coalescing() {
        return coalescing;
    }

    /**
     * @return where asynchronous answers and restock notifications are delivered, or {@code null} for a small pool the
     *     backend owns (never Lettuce's own threads: callers may block on them)
     */
    public @Nullable Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** @return the clock of the few steps that need time of their own (steals between cluster slots) */
    public InstantSource clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "SeckillRedisOptions{keyPrefix=" + keyPrefix + ", restockChannel=" + restockChannel
                + ", commandTimeout=" + commandTimeout + ", coalescing=" + coalescing + '}';
    }
}
