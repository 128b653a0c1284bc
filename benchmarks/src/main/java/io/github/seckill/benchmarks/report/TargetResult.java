package io.github.seckill.benchmarks.report;

import org.jspecify.annotations.Nullable;

/**
 * A target checked against one run.
 *
 * @param target the target
 * @param status the verdict
 * @param value the ratio (or absolute value) measured, {@code null} when not measured
 * @param detail by how much it was missed, or what was not measured
 */
public record TargetResult(Target target, Status status, @Nullable Double value, String detail) {

    /** The verdict. */
    public enum Status {
        /** At or above the threshold. */
        PASS,
        /** Below the threshold. */
        MISS,
        /** A figure it needs was not measured in this run. */
        NOT_MEASURED
    }
}
