package io.github.seckill.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How the standalone admission gate batches concurrent attempts into one script call. Immutable.
 *
 * <p>Batching is natural: an attempt is sent at once when no batch of the gate is in flight, so a lone attempt never
 * waits. While one is in flight, further attempts gather and leave together as soon as it returns, or as soon as
 * {@link #maxBatchSize()} of them are waiting, or after {@link #maxWait()} at the latest. Inside a batch the script
 * decides the attempts one after another, so each gets exactly the answer it would get alone.
 */
public final class Coalescing {

    private static final Coalescing DISABLED = new Coalescing(1, Duration.ZERO);
    private static final Coalescing DEFAULT = new Coalescing(32, Duration.ofMillis(2));

    private final int maxBatchSize;
    private final Duration maxWait;

    private Coalescing(int maxBatchSize, Duration maxWait) {
        this.maxBatchSize = maxBatchSize;
        this.maxWait = maxWait;
    }

    /** @return one script call per attempt, sent at once (pipelined on the shared connection) */
    public static Coalescing disabled() {
        return DISABLED;
    }

    /** @return batches of up to 32 attempts, waiting at most 2 ms behind a batch in flight */
    public static Coalescing defaults() {
        return DEFAULT;
    }

    /**
     * @param maxBatchSize the most attempts per script call, 1 to 1,000
     * @param maxWait the longest an attempt waits behind a batch in flight before it is sent anyway; zero sends every
     *     attempt at once, which is the same as {@link #disabled()}
     * @return batching with these bounds
     */
    public static Coalescing batches(int maxBatchSize, Duration maxWait) {
        if (maxBatchSize < 1 || maxBatchSize > 1_000) {
            throw new IllegalArgumentException("maxBatchSize must be 1..1000, was " + maxBatchSize);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
        return new Coalescing(maxBatchSize, maxWait);
    }

    /** @return whether attempts are batched at all */
    public boolean enabled() {
        return maxBatchSize > 1 && !maxWait.isZero();
    }

    /** @return the most attempts per script call */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** @return the longest an attempt waits behind a batch in flight */
    public Duration maxWait() {
        return maxWait;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coalescing c && c.maxBatchSize == maxBatchSize && c.maxWait.equals(maxWait);
    }

    @Override
    public int hashCode() {
        return 31 * maxBatchSize + maxWait.hashCode();
    }

    @Override
    public String toString() {
        return enabled() ? "Coalescing{maxBatchSize=" + maxBatchSize + ", maxWait=" + maxWait + '}'
                : "Coalescing{disabled}";
    }
}
