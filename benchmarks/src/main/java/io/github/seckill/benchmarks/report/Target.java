package io.github.seckill.benchmarks.report;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A number seckill promises: a ratio of two figures of the same run, or one absolute figure, at or above a threshold.
 *
 * @param id stable name
 * @param title what is promised, for people
 * @param numerator the measured figure's id
 * @param denominator the reference figure's id (a ceiling or a peer), or {@code null} for an absolute target
 * @param threshold the least acceptable ratio (or value, for an absolute target)
 * @param goal whether this is an aspiration rather than a requirement
 * @param remedy what usually explains a miss and what would close it
 */
public record Target(
        String id, String title, String numerator, @Nullable String denominator, double threshold, boolean goal,
        String remedy) {

    /** @throws IllegalArgumentException on a threshold that is not positive */
    public Target {
        Objects.requireNonNull(id, "id");
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be positive, was " + threshold);
        }
    }

    /**
     * Checks this target against the figures of one run.
     *
     * @param figures the run's figures by id
     * @return pass, miss (and by how much) or not measured (and which figure is missing)
     */
    public TargetResult evaluate(Map<String, Figure> figures) {
        Figure top = figures.get(numerator);
        Figure bottom = denominator == null ? null : figures.get(denominator);
        if (top == null || (denominator != null && bottom == null)) {
            String missing = top == null ? numerator : denominator;
            return new TargetResult(this, TargetResult.Status.NOT_MEASURED, null,
                    "no figure " + missing + " in this run");
        }
        if (bottom != null && !(bottom.value() > 0)) {
            return new TargetResult(this, TargetResult.Status.NOT_MEASURED, null,
                    "reference figure " + denominator + " is " + bottom.value());
        }
        double value = bottom == null ? top.value() : top.value() / bottom.value();
        if (value >= threshold) {
            return new TargetResult(this, TargetResult.Status.PASS, value, "");
        }
        double shortBy = (threshold - value) / threshold;
        return new TargetResult(this, TargetResult.Status.MISS, value, String.format(java.util.Locale.ROOT,
                "%.0f%% short: needs %.2fx more", shortBy * 100, threshold / Math.max(value, Double.MIN_VALUE)));
    }

    /** @return whether the target compares two figures */
    public boolean comparesFigures() {
        return denominator != null;
    }
}
