package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ReconciliationReport;
import io.github.seckill.ReconciliationReport.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconciliationMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SeckillMetrics metrics = SeckillMetrics.create(registry);
    private final Meters meters = new Meters(registry);

    private static ReconciliationReport run(Outcome outcome, int stranded, long givenBack, long added, long removed,
            long deferred, long slots) {
        return new ReconciliationReport(9, outcome, 0, 0, 0, stranded, givenBack, 0, added, removed, deferred, slots,
                TimeUnit.MILLISECONDS.toNanos(4));
    }

    @Test
    void runsByOutcomeAndTheDriftTheyRepaired() {
        metrics.reconciled(run(Outcome.RECONCILED, 1, 2, 5, 0, 3, 0));
        metrics.reconciled(run(Outcome.RECONCILED, 0, 1, 0, 4, 0, 0));
        metrics.reconciled(run(Outcome.REBUILT, 0, 0, 0, 0, 0, 7));

        assertThat(meters.timer(SeckillMeter.RECONCILE_DURATION, "activity", "9", "outcome", "RECONCILED").count())
                .isEqualTo(2);
        assertThat(meters.timer(SeckillMeter.RECONCILE_DURATION, "activity", "9", "outcome", "REBUILT")
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4);
        assertThat(meters.count(SeckillMeter.RECONCILE_UNITS, "activity", "9", "action", "added")).isEqualTo(5);
        assertThat(meters.count(SeckillMeter.RECONCILE_UNITS, "activity", "9", "action", "removed")).isEqualTo(4);
        assertThat(meters.count(SeckillMeter.RECONCILE_UNITS, "activity", "9", "action", "given_back"))
                .isEqualTo(3);
        assertThat(meters.count(SeckillMeter.RECONCILE_REPUBLISHED, "activity", "9")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.RECONCILE_SLOTS_RESTORED, "activity", "9")).isEqualTo(7);
        assertThat(meters.gauge(SeckillMeter.RECONCILE_DEFERRED_UNITS, "activity", "9"))
                .as("a level: the last run's, not a sum").isEqualTo(0);
    }

    @Test
    void aRunThatDidNothingCountsAsARunAndLeavesTheLastStateAlone() {
        metrics.reconciled(run(Outcome.RECONCILED, 0, 0, 0, 0, 3, 0));
        metrics.reconciled(ReconciliationReport.nothing(9, Outcome.SKIPPED_LEASE_HELD, 1_000));
        metrics.reconciled(ReconciliationReport.nothing(10, Outcome.UNKNOWN_ACTIVITY, 1_000));

        assertThat(meters.gauge(SeckillMeter.RECONCILE_DEFERRED_UNITS, "activity", "9")).isEqualTo(3);
        assertThat(meters.timer(SeckillMeter.RECONCILE_DURATION, "activity", "9", "outcome", "SKIPPED_LEASE_HELD")
                .count()).isEqualTo(1);
        assertThat(meters.timer(SeckillMeter.RECONCILE_DURATION, "activity", "10", "outcome", "UNKNOWN_ACTIVITY")
                .count()).isEqualTo(1);
        assertThat(registry.find(SeckillMeter.RECONCILE_UNITS.defaultName()).tag("activity", "10").counters())
                .as("nothing to report for a run that did nothing").isEmpty();
        assertThat(meters.hasGauge(SeckillMeter.RECONCILE_DEFERRED_UNITS, "activity", "10")).isFalse();
    }
}
