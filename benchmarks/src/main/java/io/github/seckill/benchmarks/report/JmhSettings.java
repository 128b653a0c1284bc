package io.github.seckill.benchmarks.report;

/**
 * How long JMH measured each configuration.
 *
 * @param warmupIterations warm-up iterations per fork
 * @param warmupSeconds seconds per warm-up iteration
 * @param measurementIterations measured iterations per fork
 * @param measurementSeconds seconds per measured iteration
 * @param forks forks per configuration
 */
public record JmhSettings(
        int warmupIterations, int warmupSeconds, int measurementIterations, int measurementSeconds, int forks) {

    /** @return e.g. {@code 3 x 2 s warm-up, 5 x 2 s measured, 1 fork} */
    public String summary() {
        return warmupIterations + " x " + warmupSeconds + " s warm-up, " + measurementIterations + " x "
                + measurementSeconds + " s measured, " + forks + (forks == 1 ? " fork" : " forks")
                + " per configuration";
    }
}
