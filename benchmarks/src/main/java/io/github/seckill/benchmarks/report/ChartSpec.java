package io.github.seckill.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * One chart of throughput against concurrency: a line per implementation, plus the ceilings it is held against.
 *
 * @param file the PNG's file name
 * @param title the chart's title
 * @param benchmark the benchmark class' simple name
 * @param x the parameter on the x axis ({@code threads} for JMH threads)
 * @param xTitle the x axis' title
 * @param series the parameters whose values name a line
 * @param metric {@link Measurement#PRIMARY} or a secondary result's name
 * @param yTitle the y axis' title
 * @param ceilingLines ceiling figure ids drawn as flat dashed lines
 * @param ceilingSeries ceilings measured at several concurrency levels: line label to figure-id prefix; a figure
 *     {@code prefix + n} is drawn at x = n
 */
public record ChartSpec(
        String file,
        String title,
        String benchmark,
        String x,
        String xTitle,
        List<String> series,
        String metric,
        String yTitle,
        List<String> ceilingLines,
        Map<String, String> ceilingSeries) {

    /** @return the charts every report has, when their benchmarks ran */
    public static List<ChartSpec> standard() {
        return List.of(
                new ChartSpec("ledger.png", "Ledger on one hot row: orders/s against connections",
                        "LedgerBenchmark", "threads", "connections (JMH threads)", List.of("impl"), "orders",
                        "orders/s (log)", List.of(Scorecard.MARIADB_MERGED),
                        Map.of("mariadb-slap guarded UPDATE", Scorecard.MARIADB_UPDATE)),
                new ChartSpec("admission.png", "Admission on the same Redis: attempts/s against attempts in flight",
                        "AdmissionBenchmark", "inFlight", "attempts in flight", List.of("impl"), Measurement.PRIMARY,
                        "attempts/s (log)",
                        List.of(Scorecard.REDIS_ADMIT_P1, Scorecard.REDIS_ADMIT_P16, Scorecard.REDIS_ADMIT_BATCH),
                        Map.of()),
                new ChartSpec("strategies.png", "Shard strategies: admissions/s against shard count",
                        "StrategyBenchmark", "shards", "shards", List.of("backend", "strategy"), Measurement.PRIMARY,
                        "admissions/s (log)", List.of(), Map.of()));
    }
}
