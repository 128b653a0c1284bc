package io.github.seckill.benchmarks.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.benchmarks.Backends;
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
    void configurationsCountEveryParameterAndThreadCount() {
        JmhPlan.Run run = new JmhPlan.Run("X", Map.of("a", List.of("1", "2"), "b", List.of("x", "y", "z")),
                List.of(1, 64));
        assertThat(run.configurations()).isEqualTo(12);
    }
}
