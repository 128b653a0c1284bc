package io.github.seckill.benchmarks.report;

/**
 * A named figure the targets are computed from: a ceiling measured by a server's own tool, or the best JMH result of
 * one implementation.
 *
 * @param id stable name, e.g. {@code ceiling.redis.admit.p16}
 * @param label what it is, for people
 * @param value the figure
 * @param unit its unit, e.g. {@code buyers/s}
 * @param source how it was measured: the command line, or the JMH configuration that gave the best result
 * @param error JMH's error of the value (99.9% confidence half-width), {@code NaN} for a tool's single figure
 */
public record Figure(String id, String label, double value, String unit, String source, double error) {

    /** A figure without an error: a tool's single measurement. */
    public Figure(String id, String label, double value, String unit, String source) {
        this(id, label, value, unit, source, Double.NaN);
    }
}
