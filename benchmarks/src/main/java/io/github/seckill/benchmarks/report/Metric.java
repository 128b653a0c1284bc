package io.github.seckill.benchmarks.report;

/**
 * One measured quantity.
 *
 * @param score the value
 * @param error the half-width of its 99.9% confidence interval as JMH reports it, {@code NaN} when unknown
 * @param unit its unit, e.g. {@code ops/s} or {@code B/op}
 */
public record Metric(double score, double error, String unit) {
}
