package io.github.seckill.benchmarks.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.report.Measurement;
import io.github.seckill.benchmarks.report.Metric;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JmhPlanTest {

    private static Map<String, JmhPlan.Run> plan(RunMode mode) {
        return JmhPlan.of(mode).stream().collect(Collectors.toMap(JmhPlan.Run::benchmark, r -> r));
    }

    @Test
    void quickRunsFewerConfigurationsThanFull() {
        int quick = JmhPlan.of(RunMode.QUICK).stream().mapToInt(JmhPlan.Run::configurations).sum();
        int full = JmhPlan.of(RunMode.FULL).stream().mapToInt(JmhPlan.Run::configurations).sum();
        assertThat(quick).isPositive().isLessThan(full);
        assertThat(plan(RunMode.FULL).get("LedgerBenchmark").threads()).containsExactly(1, 2, 4, 8, 16, 32, 64);
        assertThat(plan(RunMode.QUICK).get("LedgerBenchmark").threads()).contains(1, 64);
    }

    @Test
    void peersAndTheInMemoryBackendAlwaysRun() {
        Map<String, JmhPlan.Run> full = plan(RunMode.FULL);
        assertThat(full.get("AdmissionBenchmark").params().get("impl")).contains("redisson-semaphore", "db-direct");
        assertThat(full.get("LedgerBenchmark").params().get("impl")).contains("db-direct");
        assertThat(full.get("StrategyBenchmark").params().get("backend")).contains("memory");
        assertThat(full.get("StrategyBenchmark").params().get("shards")).containsExactly("1", "4", "16");
    }

    @Test
    void backendImplementationsRunExactlyWhenTheirModuleIsInTheBuild() {
        Map<String, JmhPlan.Run> full = plan(RunMode.FULL);
        List<String> admission = full.get("AdmissionBenchmark").params().get("impl");
        assertThat(admission.contains("redis-coalesced")).isEqualTo(Backends.available(Backends.REDIS));
        assertThat(full.get("LedgerBenchmark").params().get("impl").contains("settle"))
                .isEqualTo(Backends.available(Backends.MYSQL));
        assertThat(full.containsKey("QueueBenchmark")).isEqualTo(Backends.available(Backends.KAFKA));
    }

    @Test
    void pairedRunsRepeatExactlyTheChosenConfigurations() {
        Measurement publish = new Measurement("QueueBenchmark", "publish", Map.of(), 1, new Metric(1, 0, "ops/s"),
                Map.of());
        Measurement settle = new Measurement("LedgerBenchmark", "take", Map.of("impl", "settle"), 64,
                new Metric(1, 0, "ops/s"), Map.of());
        List<JmhPlan.Run> runs = JmhPlan.paired(List.of(publish, settle));
        assertThat(runs.get(0).method()).isEqualTo("publish");
        assertThat(runs.get(0).threads()).containsExactly(1);
        assertThat(runs.get(1).params()).containsExactly(Map.entry("impl", List.of("settle")));
        assertThat(runs.get(1).threads()).containsExactly(64);
        assertThat(runs.get(1).configurations()).isEqualTo(1);
    }

    @Test
    void configurationsCountEveryParameterAndThreadCount() {
        JmhPlan.Run run = new JmhPlan.Run("X", Map.of("a", List.of("1", "2"), "b", List.of("x", "y", "z")),
                List.of(1, 64));
        assertThat(run.configurations()).isEqualTo(12);
    }
}
