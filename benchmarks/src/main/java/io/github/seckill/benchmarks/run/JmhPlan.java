package io.github.seckill.benchmarks.run;

import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.report.AdmissionLatency;
import io.github.seckill.benchmarks.report.Measurement;
import io.github.seckill.benchmarks.report.Scorecard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which JMH configurations a run measures: each benchmark with its parameter grid and thread counts, trimmed in
 * quick mode, and without the implementations whose backend module is not in this build.
 */
final class JmhPlan {

    /**
     * One JMH invocation.
     *
     * @param benchmark the benchmark class' simple name
     * @param params parameter values to run
     * @param threads JMH thread counts to run, each a separate invocation; empty for the class' own
     * @param method the one benchmark method to run, {@code null} for all of the class'
     */
    record Run(String benchmark, Map<String, List<String>> params, List<Integer> threads, @Nullable String method) {

        Run(String benchmark, Map<String, List<String>> params, List<Integer> threads) {
            this(benchmark, params, threads, null);
        }

        /** @return configurations (forks) this run makes */
        int configurations() {
            int n = Math.max(1, threads.size());
            for (List<String> values : params.values()) {
                n *= values.size();
            }
            return n;
        }
    }

    private JmhPlan() {
    }

    static List<Run> of(RunMode mode) {
        boolean quick = mode.quick();
        boolean redis = Backends.available(Backends.REDIS);
        boolean mysql = Backends.available(Backends.MYSQL);
        boolean kafka = Backends.available(Backends.KAFKA);
        List<Run> runs = new ArrayList<>();

        runs.add(new Run("StrategyBenchmark", params(
                "backend", redis ? List.of("memory", "redis") : List.of("memory"),
                "strategy", List.of("polling", "bitmap", "stealing"),
                "shards", quick ? List.of("1", "16") : List.of("1", "4", "16")), List.of()));

        runs.add(new Run("SoldOutBenchmark", params(
                "path", redis ? List.of("flag", "memory-gate", "redis-gate") : List.of("flag", "memory-gate")),
                List.of()));

        List<String> admission = new ArrayList<>();
        if (redis) {
            admission.addAll(List.of("redis-per-call", "redis-coalesced"));
        }
        admission.addAll(List.of("redisson-semaphore", "db-direct"));
        if (redis) {
            runs.add(new Run("AdmissionLatencyBenchmark", params("impl", quick
                    ? List.of("ping", "redis-per-call", "redis-coalesced", "redisson-semaphore")
                    : AdmissionLatency.IMPLEMENTATIONS), List.of()));
        }

        runs.add(new Run("AdmissionBenchmark", params(
                "impl", admission,
                "inFlight", quick ? List.of("1", "16", "1024") : Scorecard.IN_FLIGHT), List.of()));

        List<String> ledger = new ArrayList<>();
        if (mysql) {
            ledger.addAll(List.of("lock", "settle"));
        }
        ledger.add("db-direct");
        runs.add(new Run("LedgerBenchmark", params("impl", ledger),
                quick ? List.of(1, 16, 64) : List.of(1, 2, 4, 8, 16, 32, 64)));

        if (kafka) {
            runs.add(new Run("QueueBenchmark", Map.of(), List.of()));
        }
        return runs;
    }

    /**
     * @param configurations JMH results of the sweep, one per configuration to measure again
     * @return one run per configuration, with exactly its parameters, threads and method
     */
    static List<Run> paired(List<Measurement> configurations) {
        List<Run> runs = new ArrayList<>();
        for (Measurement m : configurations) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            m.params().forEach((name, value) -> params.put(name, List.of(value)));
            runs.add(new Run(m.benchmark(), params, List.of(m.threads()), m.method()));
        }
        return runs;
    }

    private static Map<String, List<String>> params(Object... nameValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) nameValues[i + 1];
            params.put((String) nameValues[i], values);
        }
        return params;
    }
}
