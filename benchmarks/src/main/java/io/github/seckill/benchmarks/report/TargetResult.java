package io.github.seckill.benchmarks.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A target checked against one run.
 *
 * @param target the target
 * @param status the verdict
 * @param value the ratio (or absolute value) measured, the median of the pair ratios for a paired target;
 *     {@code null} when not measured
 * @param detail by how much it was missed, or what was not measured
 * @param pairs the ratio (or value) of each round, in round order; empty for a target judged on the sweep
 */
public record TargetResult(
        Target target, Status status, @Nullable Double value, String detail, List<Double> pairs) {

    /** How far a target's pair ratios may spread, (max - min) / median, before the target is {@link Status#UNSTABLE}. */
    public static final double MAX_SPREAD = 0.20;

    /** Copies the pairs. */
    public TargetResult {
        pairs = List.copyOf(pairs);
    }

    /** A result of one measurement, not paired. */
    public TargetResult(Target target, Status status, @Nullable Double value, String detail) {
        this(target, status, value, detail, List.of());
    }

    /** @return the smallest pair ratio, or {@code null} without pairs */
    public @Nullable Double min() {
        return pairs.stream().min(Double::compare).orElse(null);
    }

    /** @return the largest pair ratio, or {@code null} without pairs */
    public @Nullable Double max() {
        return pairs.stream().max(Double::compare).orElse(null);
    }

    /** The verdict. */
    public enum Status {
        /** At or above the threshold (in every round, for a paired target). */
        PASS,
        /** Below the threshold (in at least one round, for a paired target). */
        MISS,
        /** The pair ratios spread over {@link #MAX_SPREAD}: the machine drifted too much for a verdict. */
        UNSTABLE,
        /** A figure it needs was not measured in this run. */
        NOT_MEASURED
    }
}
