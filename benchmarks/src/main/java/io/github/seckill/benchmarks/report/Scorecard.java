package io.github.seckill.benchmarks.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run is judged on: the figures derived from JMH results, the ids of the ceilings, and the targets that relate
 * them. One place, so that the benchmarks, the report and the documentation agree on names.
 */
public final class Scorecard {

    /** Ceiling: {@code redis-benchmark INCR -P 1}. */
    public static final String REDIS_INCR = "ceiling.redis.incr.p1";
    /** Ceiling: {@code redis-benchmark EVALSHA} of the one-buyer admission script, {@code -P 1}. */
    public static final String REDIS_ADMIT_P1 = "ceiling.redis.admit.p1";
    /** Ceiling: {@code redis-benchmark EVALSHA} of the one-buyer admission script, {@code -P 16}. */
    public static final String REDIS_ADMIT_P16 = "ceiling.redis.admit.p16";
    /** Ceiling: {@code redis-benchmark EVALSHA} of the admission script deciding 32 buyers a call, in buyers/s. */
    public static final String REDIS_ADMIT_BATCH = "ceiling.redis.admit-batch.p1";
    /** Ceiling: the same with 128 buyers a call. */
    public static final String REDIS_ADMIT_BATCH_128 = "ceiling.redis.admit-batch128.p1";
    /** Ceiling prefix: one guarded UPDATE per transaction, {@code mariadb-slap}, by client count. */
    public static final String MARIADB_UPDATE = "ceiling.mariadb.update.c";
    /** Ceiling: a multi-row INSERT plus one guarded UPDATE per transaction, one client, in orders per second. */
    public static final String MARIADB_MERGED = "ceiling.mariadb.merged.c1";
    /** Ceiling: Kafka's ProducerPerformance with the queue's record size and producer settings. */
    public static final String KAFKA_PRODUCER = "ceiling.kafka.producer";

    /** Admission through seckill's Redis gate, the better of per-call and coalesced. */
    public static final String ADMISSION = "admission.seckill";
    /** Admission with coalescing at one attempt in flight. */
    public static final String ADMISSION_COALESCED_AT_1 = "admission.redis-coalesced.inflight1";
    /** Admission with one script call per attempt at one attempt in flight. */
    public static final String ADMISSION_PER_CALL_AT_1 = "admission.redis-per-call.inflight1";
    /** Family: admission through seckill's Redis gate (the better of per-call and coalesced) per in-flight count. */
    public static final String ADMISSION_AT = "admission.seckill.inflight";
    /** Family: Redisson's semaphore per in-flight count. */
    public static final String ADMISSION_REDISSON_AT = "admission.redisson.inflight";
    /** The in-flight counts of the admission benchmark's full grid. */
    public static final List<String> IN_FLIGHT = List.of("1", "4", "16", "64", "256", "1024");
    /** Latency at one attempt in flight, prefix: then the implementation and {@code .p50} or {@code .p99}. */
    public static final String LATENCY = "latency.";
    /** Peer: Redisson's semaphore on the same Redis. */
    public static final String ADMISSION_REDISSON = "admission.redisson";
    /** Peer: one guarded UPDATE and order INSERT per attempt on MariaDB. */
    public static final String ADMISSION_DB_DIRECT = "admission.db-direct";
    /** Ledger: one transaction per order ({@code StockLedger.lock}). */
    public static final String LEDGER_LOCK = "ledger.lock";
    /** Ledger: merged settlement ({@code StockLedger.settle}). */
    public static final String LEDGER_SETTLE = "ledger.settle";
    /** Sold-out rejections through the engine's JVM-local flag. */
    public static final String SOLD_OUT_FLAG = "soldout.flag";
    /** The Kafka order queue's publish rate. */
    public static final String QUEUE_PUBLISH = "queue.publish";

    private Scorecard() {
    }

    /** @return how figures are derived from JMH results */
    public static List<BestOf> derivedFigures() {
        List<BestOf> rules = new ArrayList<>();
        String admission = "AdmissionBenchmark";
        rules.add(best(ADMISSION, "seckill admission on Redis, best of per-call and coalesced", admission,
                "impl", Set.of("redis-per-call", "redis-coalesced"), Measurement.PRIMARY, "attempts/s"));
        rules.add(best("admission.redis-per-call", "seckill admission, one script call per attempt", admission,
                "impl", Set.of("redis-per-call"), Measurement.PRIMARY, "attempts/s"));
        rules.add(best("admission.redis-coalesced", "seckill admission, coalesced script calls", admission,
                "impl", Set.of("redis-coalesced"), Measurement.PRIMARY, "attempts/s"));
        rules.add(best(ADMISSION_REDISSON, "Redisson RSemaphore.tryAcquire on the same Redis", admission,
                "impl", Set.of("redisson-semaphore"), Measurement.PRIMARY, "attempts/s"));
        rules.add(best(ADMISSION_DB_DIRECT, "database-direct sale on MariaDB", admission,
                "impl", Set.of("db-direct"), Measurement.PRIMARY, "attempts/s"));
        rules.add(new BestOf(ADMISSION_COALESCED_AT_1, "seckill admission, coalesced, 1 attempt in flight", admission,
                Map.of("impl", Set.of("redis-coalesced"), "inFlight", Set.of("1")), Measurement.PRIMARY,
                "attempts/s"));
        rules.add(new BestOf(ADMISSION_PER_CALL_AT_1, "seckill admission, one call per attempt, 1 attempt in flight",
                admission, Map.of("impl", Set.of("redis-per-call"), "inFlight", Set.of("1")), Measurement.PRIMARY,
                "attempts/s"));
        for (String n : IN_FLIGHT) {
            rules.add(new BestOf(ADMISSION_AT + n, "seckill admission on Redis, " + n + " in flight", admission,
                    Map.of("impl", Set.of("redis-per-call", "redis-coalesced"), "inFlight", Set.of(n)),
                    Measurement.PRIMARY, "attempts/s"));
            rules.add(new BestOf(ADMISSION_REDISSON_AT + n, "Redisson RSemaphore.tryAcquire, " + n + " in flight",
                    admission, Map.of("impl", Set.of("redisson-semaphore"), "inFlight", Set.of(n)),
                    Measurement.PRIMARY, "attempts/s"));
        }
        for (String impl : AdmissionLatency.IMPLEMENTATIONS) {
            for (String p : List.of("p50", "p99")) {
                rules.add(new BestOf(LATENCY + impl + "." + p, AdmissionLatency.label(impl) + ", " + p
                        + " at 1 in flight", AdmissionLatency.BENCHMARK, Map.of("impl", Set.of(impl)),
                        AdmissionLatency.metric(p), "us"));
            }
        }
        String ledger = "LedgerBenchmark";
        rules.add(best(LEDGER_LOCK, "ledger, one transaction per order (StockLedger.lock)", ledger,
                "impl", Set.of("lock"), "orders", "orders/s"));
        rules.add(best(LEDGER_SETTLE, "ledger, merged settlement (StockLedger.settle)", ledger,
                "impl", Set.of("settle"), "orders", "orders/s"));
        rules.add(best("ledger.db-direct", "database-direct sale, guarded UPDATE and INSERT per order", ledger,
                "impl", Set.of("db-direct"), "orders", "orders/s"));
        String soldOut = "SoldOutBenchmark";
        rules.add(best(SOLD_OUT_FLAG, "sold-out rejections through the JVM-local flag", soldOut,
                "path", Set.of("flag"), Measurement.PRIMARY, "rejections/s"));
        rules.add(best("soldout.memory-gate", "sold-out rejections asked of the in-memory gate", soldOut,
                "path", Set.of("memory-gate"), Measurement.PRIMARY, "rejections/s"));
        rules.add(best("soldout.redis-gate", "sold-out rejections asked of the Redis gate", soldOut,
                "path", Set.of("redis-gate"), Measurement.PRIMARY, "rejections/s"));
        rules.add(best(QUEUE_PUBLISH, "Kafka order queue, publish", "QueueBenchmark",
                "method", Set.of("publish"), Measurement.PRIMARY, "messages/s"));
        rules.add(best("queue.consume", "Kafka order queue, consume", "QueueBenchmark",
                "method", Set.of("consume"), Measurement.PRIMARY, "messages/s"));
        return rules;
    }

    /** @return the targets, requirements first */
    public static List<Target> targets() {
        return List.of(
                new Target("admission-vs-evalsha-p16",
                        "Admission on Redis at least 1.0x redis-benchmark EVALSHA -P 16 of the one-buyer script",
                        ADMISSION, REDIS_ADMIT_P16, 1.0, false,
                        "One script call per buyer cannot beat the pipelined script itself: coalescing must batch"
                                + " enough buyers per call. More attempts in flight (bigger batches) close the gap;"
                                + " client CPU shared with Redis on a small machine widens it."),
                new Target("admission-vs-batched-script",
                        "Admission on Redis at least 0.8x redis-benchmark EVALSHA of the script deciding 32 buyers a"
                                + " call (buyers/s)",
                        ADMISSION, REDIS_ADMIT_BATCH, 0.8, false,
                        "The batched ceiling spends no client CPU; seckill's engine, futures and Redis client do."
                                + " Larger batches and a client on its own cores close it."),
                new Target("admission-vs-batched-script-moonshot",
                        "Admission on Redis at 1.5x the 32-buyer batched script, with larger batches (buyers/s)",
                        ADMISSION, REDIS_ADMIT_BATCH, 1.5, true,
                        "Only the script's cost per call shrinks with larger batches; its cost per buyer does not,"
                                + " so the batched script's own figure at 128 buyers a call bounds what larger"
                                + " batches can give."),
                new Target("admission-vs-batched-script-128",
                        "Admission on Redis at 0.8x the script deciding 128 buyers a call (buyers/s)",
                        ADMISSION, REDIS_ADMIT_BATCH_128, 0.8, true,
                        "As against the 32-buyer script, with the script's own cost per call spread further."),
                new Target("coalesced-at-1-vs-per-call",
                        "Coalesced admission at 1 attempt in flight within 10% of one call per attempt",
                        ADMISSION_COALESCED_AT_1, ADMISSION_PER_CALL_AT_1, 0.9, false,
                        "Nothing waits at one attempt in flight: a gap is the coalescer's own bookkeeping."),
                new Target("admission-vs-redisson-every-in-flight",
                        "Admission at least Redisson's RSemaphore.tryAcquire at every in-flight count (sweep)",
                        ADMISSION_AT + Target.EVERY, ADMISSION_REDISSON_AT + Target.EVERY, 1.0, false,
                        "At low counts both are one round trip per attempt; seckill's engine and script do more per"
                                + " attempt than a semaphore's."),
                new Target("settle-vs-lock",
                        "Merged settlement at least 20x the best per-order configuration (orders/s)",
                        LEDGER_SETTLE, LEDGER_LOCK, 20.0, false,
                        "Per-order locking pays one durable commit per order on the hot row, merged settlement one"
                                + " per batch: a miss means small batches or a per-order cost inside the batch."),
                new Target("settle-vs-raw-sql",
                        "Merged settlement at least 0.7x the raw multi-row INSERT + guarded UPDATE (orders/s)",
                        LEDGER_SETTLE, MARIADB_MERGED, 0.7, false,
                        "The ledger also reads back replays and duplicates and records rejections; fewer round"
                                + " trips per batch close the gap."),
                new Target("admission-vs-redisson",
                        "Admission at least Redisson's RSemaphore.tryAcquire on the same Redis (attempts/s)",
                        ADMISSION, ADMISSION_REDISSON, 1.0, false,
                        "Redisson sends one script call per acquire and checks no user; seckill does more per"
                                + " buyer, so only coalescing keeps it ahead."),
                new Target("admission-vs-db-direct",
                        "Admission far above (10x) the database-direct sale (attempts/s)",
                        ADMISSION, ADMISSION_DB_DIRECT, 10.0, false,
                        "The database-direct sale is bound by durable commits on one hot row."),
                new Target("sold-out-rejections",
                        "Sold-out rejections at least 5 million per second per JVM",
                        SOLD_OUT_FLAG, null, 5_000_000, false,
                        "A rejection is a validation and a volatile read; allocation or a listener on the path"
                                + " is what slows it."),
                new Target("publish-vs-producer-performance",
                        "OrderQueue publish at least 0.8x Kafka ProducerPerformance with the same settings",
                        QUEUE_PUBLISH, KAFKA_PRODUCER, 0.8, false,
                        "ProducerPerformance sends ready byte arrays; the queue serializes each message and"
                                + " completes a future per message. More messages in flight close the gap."));
    }

    /**
     * Derives the JMH figures of a run and joins them with its ceilings.
     *
     * @param ceilings figures measured by the servers' own tools
     * @param measurements JMH results
     * @return every figure by id, ceilings first
     */
    public static Map<String, Figure> figures(Collection<Figure> ceilings, Collection<Measurement> measurements) {
        Map<String, Figure> all = new LinkedHashMap<>();
        ceilings.forEach(f -> all.put(f.id(), f));
        for (BestOf rule : derivedFigures()) {
            rule.derive(measurements).ifPresent(f -> all.put(f.id(), f));
        }
        return all;
    }

    /**
     * @param figures a run's figures by id
     * @return every target checked against them
     */
    public static List<TargetResult> evaluate(Map<String, Figure> figures) {
        return targets().stream().map(t -> t.evaluate(figures)).toList();
    }

    /**
     * @param sweep the sweep's figures by id (for targets over a family of figures)
     * @param rounds the paired rounds
     * @return every target checked: paired targets on the rounds, families on the sweep
     */
    public static List<TargetResult> evaluate(Map<String, Figure> sweep, List<Round> rounds) {
        List<Map<String, Figure>> byRound = rounds.stream().map(Round::figures).toList();
        return targets().stream().map(t -> t.family() ? t.evaluate(sweep) : t.evaluateRounds(byRound)).toList();
    }

    /**
     * The JMH configurations the paired rounds measure: for every figure a paired target divides, the configuration
     * that gave the sweep's best.
     *
     * @param sweep the sweep's JMH results
     * @return those results, one per configuration, in target order
     */
    public static List<Measurement> pairedConfigurations(Collection<Measurement> sweep) {
        Set<String> ids = new LinkedHashSet<>();
        for (Target t : targets()) {
            if (!t.family()) {
                ids.add(t.numerator());
                if (t.denominator() != null) {
                    ids.add(t.denominator());
                }
            }
        }
        List<Measurement> chosen = new ArrayList<>();
        for (BestOf rule : derivedFigures()) {
            if (ids.contains(rule.id())) {
                rule.best(sweep).filter(m -> !chosen.contains(m)).ifPresent(chosen::add);
            }
        }
        return chosen;
    }

    private static BestOf best(
            String id, String label, String benchmark, String param, Set<String> values, String metric, String unit) {
        return new BestOf(id, label, benchmark, Map.of(param, values), metric, unit);
    }
}
