package io.github.seckill.benchmarks.e2e;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles, in milliseconds.
 *
 * @param count answers measured
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the slowest
 */
public record Latency(long count, double p50, double p99, double p999, double max) {

    /**
     * @param nanos a histogram of nanosecond values
     * @return its percentiles in milliseconds
     */
    public static Latency of(Histogram nanos) {
        return new Latency(nanos.getTotalCount(), nanos.getValueAtPercentile(50) / 1e6,
                nanos.getValueAtPercentile(99) / 1e6, nanos.getValueAtPercentile(99.9) / 1e6,
                nanos.getMaxValue() / 1e6);
    }
}
