package io.github.seckill.benchmarks.report;

import java.util.List;
import java.util.Map;

/** A small run's worth of results for the report tests. */
final class Samples {

    private Samples() {
    }

    static Measurement admission(String impl, int inFlight, double score) {
        return new Measurement("AdmissionBenchmark", "attempt", Map.of("impl", impl, "inFlight", "" + inFlight), 1,
                new Metric(score, score / 10, "ops/s"), Map.of(Measurement.ALLOCATION, new Metric(420, 1, "B/op")));
    }

    static Measurement ledger(String impl, int threads, double orders) {
        return new Measurement("LedgerBenchmark", "take", Map.of("impl", impl), threads,
                new Metric(impl.equals("settle") ? orders / 500 : orders, 1, "ops/s"),
                Map.of("orders", new Metric(orders, 1, "ops/s")));
    }

    static List<Figure> ceilings() {
        return List.of(
                new Figure(Scorecard.REDIS_ADMIT_P16, "redis-benchmark EVALSHA -P 16", 100_000, "buyers/s", "cmd"),
                new Figure(Scorecard.REDIS_ADMIT_BATCH, "redis-benchmark EVALSHA batch", 200_000, "buyers/s", "cmd"),
                new Figure(Scorecard.MARIADB_MERGED, "mariadb-slap merged", 120_000, "orders/s", "cmd"),
                new Figure(Scorecard.MARIADB_UPDATE + 1, "mariadb-slap update, 1 client", 5_000, "updates/s", "cmd"),
                new Figure(Scorecard.MARIADB_UPDATE + 16, "mariadb-slap update, 16", 9_000, "updates/s", "cmd"));
    }

    static List<Measurement> measurements() {
        return List.of(
                admission("redis-coalesced", 16, 90_000),
                admission("redis-coalesced", 256, 150_000),
                admission("redis-per-call", 256, 60_000),
                admission("redisson-semaphore", 256, 40_000),
                admission("db-direct", 16, 1_500),
                ledger("lock", 1, 2_000),
                ledger("lock", 16, 4_000),
                ledger("settle", 1, 100_000),
                ledger("settle", 16, 60_000),
                ledger("db-direct", 16, 1_800));
    }

    /** Three rounds around the sample figures: admission a little faster than the -P 16 ceiling in each. */
    static List<Round> rounds(int count) {
        List<Round> rounds = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            double drift = 1 + 0.02 * (i - 2);
            rounds.add(new Round(i, List.of(
                    new Figure(Scorecard.REDIS_ADMIT_P16, "redis-benchmark EVALSHA -P 16", 100_000 * drift, "buyers/s",
                            "cmd"),
                    new Figure(Scorecard.REDIS_ADMIT_BATCH, "redis-benchmark EVALSHA batch", 200_000 * drift,
                            "buyers/s", "cmd"),
                    new Figure(Scorecard.MARIADB_MERGED, "mariadb-slap merged", 120_000, "orders/s", "cmd")),
                    List.of(admission("redis-coalesced", 256, 150_000 * drift * (i == 3 ? 0.7 : 1)),
                            admission("redisson-semaphore", 256, 40_000),
                            ledger("lock", 16, 4_000), ledger("settle", 1, 100_000))));
        }
        return rounds;
    }

    static Report report(String mode) {
        List<Measurement> measurements = measurements();
        Map<String, Figure> figures = Scorecard.figures(ceilings(), measurements);
        List<Round> rounds = rounds(mode.equals("quick") ? 1 : 3);
        return new Report(mode, "2026-11-22T20:00:00Z", 123.4,
                new Machine("Test CPU", 2, 24L << 30, "Linux", "OpenJDK 17", List.of(0.5, 0.7, 1.0)),
                Map.of("Redis", "7.0.15"), Map.of("innodb_flush_log_at_trx_commit", "1"),
                new JmhSettings(1, 1, 1, 1, 1), new JmhSettings(2, 1, 4, 1, 2), ceilings(), measurements,
                figures.values().stream().filter(f -> !ceilings().contains(f)).toList(), rounds,
                Scorecard.evaluate(figures, rounds), List.of(), List.of("ledger.png"));
    }
}
