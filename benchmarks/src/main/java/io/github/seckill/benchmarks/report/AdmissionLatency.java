package io.github.seckill.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * Names shared by the latency benchmark and the report: which implementations one round trip at one attempt in
 * flight is measured through, from the bare server to the whole engine, so that the differences between neighbours
 * say where a round trip's time goes.
 */
public final class AdmissionLatency {

    /** The benchmark class' simple name. */
    public static final String BENCHMARK = "AdmissionLatencyBenchmark";

    /** Bottom up: each adds one layer to the one before. */
    public static final List<String> IMPLEMENTATIONS = List.of(
            "ping", "evalsha-empty", "evalsha-admit", "gate-per-call", "gate-coalesced", "gate-sync",
            "redis-per-call", "redis-coalesced", "redis-sync", "redisson-semaphore");

    private static final Map<String, String> LABELS = Map.of(
            "ping", "Lettuce PING (the round trip)",
            "evalsha-empty", "Lettuce EVALSHA of a script that returns at once, the admission's arguments",
            "evalsha-admit", "Lettuce EVALSHA of seckill.lua admit, one buyer (the script's work)",
            "gate-per-call", "seckill-redis gate, one call per attempt (encoding, futures)",
            "gate-coalesced", "seckill-redis gate, coalescing (the coalescer)",
            "gate-sync", "seckill-redis gate, coalescing, the caller blocking in admit (no hand-off)",
            "redis-per-call", "engine on the gate, one call per attempt (the engine)",
            "redis-coalesced", "engine on the gate, coalescing",
            "redis-sync", "engine on the gate, coalescing, FlashSale.attempt on the caller's thread",
            "redisson-semaphore", "Redisson RSemaphore.tryAcquire");

    private AdmissionLatency() {
    }

    /**
     * @param impl one of {@link #IMPLEMENTATIONS}
     * @return what it measures
     */
    public static String label(String impl) {
        return LABELS.getOrDefault(impl, impl);
    }

    /**
     * @param percentile {@code p50} or {@code p99}
     * @return the name of the measurement's metric holding it
     */
    public static String metric(String percentile) {
        return percentile;
    }
}
