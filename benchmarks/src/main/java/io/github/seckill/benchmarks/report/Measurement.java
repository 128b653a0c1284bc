package io.github.seckill.benchmarks.report;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One JMH result: a benchmark method run with one combination of parameters and threads.
 *
 * @param benchmark the benchmark class' simple name, e.g. {@code LedgerBenchmark}
 * @param method the benchmark method
 * @param params the {@code @Param} values
 * @param threads JMH threads
 * @param primary the primary result (throughput in this module)
 * @param secondary secondary results by name: {@code gc.alloc.rate.norm} from {@code -prof gc} (the leading dot JMH
 *     puts on profiler results removed) and the benchmarks' own counters
 */
public record Measurement(
        String benchmark, String method, Map<String, String> params, int threads, Metric primary,
        Map<String, Metric> secondary) {

    /** The allocation figure of {@code -prof gc}. */
    public static final String ALLOCATION = "gc.alloc.rate.norm";

    /** Keeps the maps sorted, so that reports list them the same way every time. */
    public Measurement {
        params = new TreeMap<>(params);
        secondary = new TreeMap<>(secondary);
    }

    /**
     * @param name a parameter, or {@code threads}, or {@code method}
     * @return its value, empty if the benchmark has no such parameter
     */
    public Optional<String> param(String name) {
        if (name.equals("threads")) {
            return Optional.of(Integer.toString(threads));
        }
        if (name.equals("method")) {
            return Optional.of(method);
        }
        return Optional.ofNullable(params.get(name));
    }

    /**
     * @param name {@code primary} or the name of a secondary result
     * @return that metric, if measured
     */
    public Optional<Metric> metric(String name) {
        return name.equals(PRIMARY) ? Optional.of(primary) : Optional.ofNullable(secondary.get(name));
    }

    /** The name {@link #metric(String)} gives the primary result. */
    public static final String PRIMARY = "primary";
}
