package io.github.seckill.benchmarks.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.seckill.benchmarks.report.Metric;
import org.junit.jupiter.api.Test;

class JmhRunnerTest {

    @Test
    void timePerOperationBecomesOperationsPerSecond() {
        Metric rate = JmhRunner.throughput(new Metric(2e-6, 1e-7, "s/op"));
        assertThat(rate.unit()).isEqualTo("ops/s");
        assertThat(rate.score()).isCloseTo(500_000, within(1e-3));
        assertThat(rate.error()).isCloseTo(25_000, within(1e-3));
        assertThat(JmhRunner.throughput(new Metric(4, 0.5, "us/op")).score()).isCloseTo(250_000, within(1e-6));
    }

    @Test
    void throughputStaysAsItIs() {
        Metric m = new Metric(1234, 5, "ops/s");
        assertThat(JmhRunner.throughput(m)).isEqualTo(m);
    }
}
