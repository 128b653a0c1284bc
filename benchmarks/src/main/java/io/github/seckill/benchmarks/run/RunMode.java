package io.github.seckill.benchmarks.run;

import io.github.seckill.benchmarks.report.JmhSettings;

/**
 * How thoroughly a run measures. {@link #QUICK} proves that everything runs and gives indicative figures (and
 * verdicts) in a few minutes; {@link #FULL} gives the figures to publish, with every target's ratio measured in pairs
 * so that a noisy machine shows as an unstable verdict rather than a wrong one.
 */
enum RunMode {

    /** One short iteration per configuration, fewer configurations, one round of short ceilings. */
    QUICK(new JmhSettings(1, 1, 1, 1, 1), new JmhSettings(1, 1, 2, 1, 1), 1, 50_000),
    /**
     * A sweep of the whole grid (for the charts and to find each implementation's best configuration), then three
     * rounds of each target's ceiling and benchmark side by side, measured long enough (two forks) that JMH's error
     * stays well under a tenth of the score.
     */
    FULL(new JmhSettings(2, 1, 5, 1, 1), new JmhSettings(3, 1, 8, 1, 2), 3, 300_000);

    private final JmhSettings jmh;
    private final JmhSettings paired;
    private final int rounds;
    private final int ceilingBuyers;

    RunMode(JmhSettings jmh, JmhSettings paired, int rounds, int ceilingBuyers) {
        this.jmh = jmh;
        this.paired = paired;
        this.rounds = rounds;
        this.ceilingBuyers = ceilingBuyers;
    }

    /** @return how the sweep measures each configuration */
    JmhSettings jmh() {
        return jmh;
    }

    /** @return how each paired round measures its configurations */
    JmhSettings paired() {
        return paired;
    }

    /** @return rounds of paired measurements */
    int rounds() {
        return rounds;
    }

    /** @return buyers each Redis ceiling decides */
    int ceilingBuyers() {
        return ceilingBuyers;
    }

    /** @return how many times longer than the quick run's this run's SQL and Kafka ceilings run */
    int ceilingScale() {
        return this == QUICK ? 1 : 10;
    }

    boolean quick() {
        return this == QUICK;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
