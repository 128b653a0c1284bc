package io.github.seckill.benchmarks.run;

import io.github.seckill.benchmarks.report.JmhSettings;

/**
 * How thoroughly a run measures. {@link #QUICK} proves that everything runs and gives indicative figures in a few
 * minutes; {@link #FULL} gives the figures to publish, on a quiet machine.
 */
enum RunMode {

    /** One short iteration per configuration, fewer configurations, short ceilings. */
    QUICK(new JmhSettings(1, 1, 1, 1, 1), 1),
    /** Warmed-up, repeated iterations over the whole grid, and ceilings ten times as long. */
    FULL(new JmhSettings(3, 2, 5, 2, 1), 10);

    private final JmhSettings jmh;
    private final int ceilingScale;

    RunMode(JmhSettings jmh, int ceilingScale) {
        this.jmh = jmh;
        this.ceilingScale = ceilingScale;
    }

    JmhSettings jmh() {
        return jmh;
    }

    /** @return how many times the quick ceilings' request counts the ceilings send */
    int ceilingScale() {
        return ceilingScale;
    }

    boolean quick() {
        return this == QUICK;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
