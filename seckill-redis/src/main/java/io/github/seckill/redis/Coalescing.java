package io.github.seckill.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How the standalone admission gate batches concurrent attempts into one script call. Immutable.
 *
 * <p>Batching is natural: an attempt is sent at once while fewer than {@link #callsInFlight()} script calls of the
 * gate are in flight, so light traffic is pipelined and never waits. Once that many are in flight, further attempts
 * gather and leave together as soon as a call returns, or as soon as {@link #maxBatchSize()} of them are waiting, or
 * after {@link #maxWait()} at the latest: under load every round trip carries many buyers. Inside a batch the script
 * decides the attempts one after another, so each gets exactly the answer it would get alone.
 */
public final class Coalescing {

    private static final int DEFAULT_CALLS_IN_FLIGHT = 4;
    /**
     * Large enough that under load a round trip's traffic fits one call (the script's per-call cost is then spread
     * over many buyers), small enough that one call keeps Redis busy for about a millisecond at most.
     */
    private static final int DEFAULT_MAX_BATCH_SIZE = 256;
    private static final Coalescing DISABLED = new Coalescing(1, Duration.ZERO, 1);
    private static final Coalescing DEFAULT = new Coalescing(DEFAULT_MAX_BATCH_SIZE, Duration.ofMillis(2), DEFAULT_CALLS_IN_FLIGHT);

    private final int maxBatchSize;
    private final Duration maxWait;
    private final int callsInFlight;

    private Coalescing(int maxBatchSize, Duration maxWait, int callsInFlight) {
        this.maxBatchSize = maxBatchSize;
        this.maxWait = maxWait;
        this.callsInFlight = callsInFlight;
    }

    /** @return one script call per attempt, sent at once (pipelined on the shared connection) */
    public static Coalescing disabled() {
        return DISABLED;
    }

    /** @return batches of up to 256 attempts once 4 calls are in flight, waiting at most 2 ms */
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
        return batches(maxBatchSize, maxWait, DEFAULT_CALLS_IN_FLIGHT);
    }

    /**
     * @param maxBatchSize the most attempts per script call, 1 to 1,000
     * @param maxWait the longest an attempt waits behind the calls in flight before it is sent anyway
     * @param callsInFlight how many script calls may be in flight before attempts start to gather, 1 to 64: below
     *     it attempts are pipelined one per call, as without coalescing
     * @return batching with these bounds
     */
    public static Coalescing batches(int maxBatchSize, Duration maxWait, int callsInFlight) {
        if (callsInFlight < 1 || callsInFlight > 64) {
            throw new IllegalArgumentException("callsInFlight must be 1..64, was " + callsInFlight);
        }
        if (maxBatchSize < 1 || maxBatchSize > 1_000) {
            throw new IllegalArgumentException("maxBatchSize must be 1..1000, was " + maxBatchSize);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
        return new Coalescing(maxBatchSize, maxWait, callsInFlight);
    }

    /** @return whether attempts are batched at all */
    public boolean enabled() {
        return maxBatchSize > 1 && !maxWait.isZero();
    }

    /** @return the most attempts per script call */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** @return the longest an attempt waits behind the calls in flight */
    public Duration maxWait() {
        return maxWait;
    }

    /** @return how many script calls may be in flight before attempts start to gather into batches */
    public int callsInFlight() {
        return callsInFlight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coalescing c && c.maxBatchSize == maxBatchSize && c.maxWait.equals(maxWait)
                && c.callsInFlight == callsInFlight;
    }

    @Override
    public int hashCode() {
        return (31 * maxBatchSize + maxWait.hashCode()) * 31 + callsInFlight;
    }

    @Override
    public String toString() {
        return enabled() ? "Coalescing{maxBatchSize=" + maxBatchSize + ", maxWait=" + maxWait + ", callsInFlight="
                + callsInFlight + '}'
                : "Coalescing{disabled}";
    }
}
