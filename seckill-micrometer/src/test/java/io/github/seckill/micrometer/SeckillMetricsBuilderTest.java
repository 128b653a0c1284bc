package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.AttemptResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SeckillMetricsBuilderTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everySetterChecksItsArgument() {
        SeckillMetrics.Builder b = SeckillMetrics.builder(registry);
        assertThatThrownBy(() -> SeckillMetrics.builder(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.prefix("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.prefix("Seckill")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.prefix("seckill.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.prefix("shop seckill")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.prefix(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.tags(Tags.of("activity", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activity");
        assertThatThrownBy(() -> b.tags(Tags.of("instance", "a", "outcome", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
        assertThatThrownBy(() -> b.tags(Tags.of("backend", "redis")))
                .as("set per meter, from the failure").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.percentiles(0.5, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.percentiles(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.percentiles(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.percentiles(0.99, 0.5, 0.99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> b.expectedLatency(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.expectedLatency(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.expectedLatency(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.refreshEvery(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.refreshEvery(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.auditEvery(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
        assertThat(b.prefix("shop.seckill_v2").build().prefix()).isEqualTo("shop.seckill_v2");
    }

    @Test
    void thePrefixAndCommonTagsGoOnEveryMeter() {
        SeckillMetrics metrics = SeckillMetrics.builder(registry).prefix("shop.sale")
                .tags(Tags.of("instance", "pod-1", "region", "eu")).build();
        metrics.attemptAnswered(7, AttemptResult.Outcome.ADMITTED, 1_000);
        metrics.consumeRetry(10, 1, new IllegalStateException());
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.getId().getName()).startsWith("shop.sale.");
            assertThat(m.getId().getTag("instance")).isEqualTo("pod-1");
            assertThat(m.getId().getTag("region")).isEqualTo("eu");
        });
        assertThat(registry.get("shop.sale.attempts").tag("activity", "7").counter().count()).isEqualTo(1);
        assertThat(metrics.meterNames()).contains("shop.sale.attempts", "shop.sale.audit.oversold")
                .hasSize(SeckillMeter.values().length);
    }

    @Test
    void timersPublishTheConfiguredPercentiles() {
        SeckillMetrics metrics = SeckillMetrics.builder(registry).percentiles(0.99, 0.5).build();
        for (int i = 1; i <= 100; i++) {
            metrics.attemptAnswered(1, AttemptResult.Outcome.ADMITTED, TimeUnit.MILLISECONDS.toNanos(i));
        }
        Timer timer = registry.get("seckill.attempt.duration").tag("outcome", "ADMITTED").timer();
        HistogramSnapshot snapshot = timer.takeSnapshot();
        assertThat(snapshot.percentileValues()).extracting(v -> v.percentile()).containsExactly(0.5, 0.99);
        assertThat(snapshot.percentileValues()[1].value(TimeUnit.MILLISECONDS)).isBetween(90.0, 110.0);
    }

    /** Histogram buckets only show in a registry that aggregates them: Prometheus. */
    @Test
    void timersPublishHistogramBucketsWithinTheExpectedLatency() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SeckillMetrics metrics = SeckillMetrics.builder(prometheus)
                .expectedLatency(Duration.ofMillis(1), Duration.ofSeconds(1)).build();
        metrics.attemptAnswered(1, AttemptResult.Outcome.ADMITTED, TimeUnit.MILLISECONDS.toNanos(3));
        List<Double> bounds = prometheus.scrape().lines()
                .filter(l -> l.startsWith("seckill_attempt_duration_seconds_bucket{"))
                .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .filter(le -> !le.equals("+Inf")).map(Double::valueOf).toList();
        assertThat(bounds).hasSizeGreaterThan(10).allSatisfy(le -> assertThat(le).isBetween(0.001, 1.0));

        PrometheusMeterRegistry plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SeckillMetrics.builder(plain).percentileHistogram(false).build()
                .attemptAnswered(1, AttemptResult.Outcome.ADMITTED, 1_000);
        assertThat(plain.scrape()).contains("seckill_attempt_duration_seconds_count").doesNotContain("_bucket");
    }

    @Test
    void withoutHistogramOrPercentilesATimerOnlyCounts() {
        SeckillMetrics metrics = SeckillMetrics.builder(registry).percentileHistogram(false).build();
        metrics.attemptAnswered(1, AttemptResult.Outcome.SOLD_OUT, 5_000);
        HistogramSnapshot snapshot = registry.get("seckill.attempt.duration").timer().takeSnapshot();
        assertThat(snapshot.count()).isEqualTo(1);
        assertThat(snapshot.histogramCounts()).isEmpty();
        assertThat(snapshot.percentileValues()).isEmpty();
    }
}
