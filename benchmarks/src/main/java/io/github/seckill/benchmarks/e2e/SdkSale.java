package io.github.seckill.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.reconcile.AuditViolation;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One flash sale at the SDK level, end to end: distinct buyers (and some repeat clicks) through seckill's Redis
 * admission, the Kafka order queue and the MySQL ledger, with the settler running, on the servers the system
 * properties name ({@code seckill.redis.uri}, {@code seckill.jdbc.url}, {@code seckill.kafka.bootstrap}, as for a
 * JMH fork). The run starts it in a child JVM with a bounded heap, so that its peak heap is the admitting JVM's:
 *
 * <pre>
 * java -Xmx512m -Dseckill.redis.uri=... -cp benchmarks.jar io.github.seckill.benchmarks.e2e.SdkSale \
 *     --buyers 1000000 --stock 10000 --out result.json
 * </pre>
 *
 * One thread submits every attempt through the asynchronous API with a fixed number in flight, as a server's request
 * threads would together; a smaller rehearsal sale first warms the JVM. After the last answer it waits until the
 * ledger holds every admitted order, then runs the SDK's auditor.
 */
public final class SdkSale {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A repeat click comes this many buyers after the first one: often while that is still in flight. */
    private static final int REPEAT_LAG = 100;
    private static final int BUCKET_MILLIS = 100;
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(10);

    /**
     * How the sale runs.
     *
     * @param buyers distinct buyers, each attempting once
     * @param repeatShare repeat clicks (a new request id) per buyer, spread over the sale
     * @param stock units on sale
     * @param shards stock shards
     * @param inFlight attempts in flight at most
     * @param settleConsumers the settler's consumers
     * @param rehearsalShare the warm-up sale's size, as a share of this one
     */
    public record Settings(int buyers, double repeatShare, long stock, int shards, int inFlight, int settleConsumers,
            double rehearsalShare) {

        /** @throws IllegalArgumentException on values out of range */
        public Settings {
            if (buyers < 1 || stock < 1 || shards < 1 || inFlight < 1 || settleConsumers < 1) {
                throw new IllegalArgumentException("buyers, stock, shards, inFlight, settleConsumers must be >= 1");
            }
            if (repeatShare < 0 || repeatShare > 1 || rehearsalShare < 0 || rehearsalShare > 1) {
                throw new IllegalArgumentException("shares must be 0..1");
            }
        }

        /** @return repeat clicks */
        public long repeats() {
            return Math.round(buyers * repeatShare);
        }

        /** @return attempts: buyers and repeat clicks */
        public long attempts() {
            return buyers + repeats();
        }

        /** @return the warm-up sale: a share of the buyers, and the same stock while they are twice as many */
        Settings rehearsal() {
            int few = Math.max(1, (int) (buyers * rehearsalShare));
            return new Settings(few, repeatShare, Math.max(1, Math.min(stock, few / 2)), shards, inFlight,
                    settleConsumers, 0);
        }

        List<String> arguments() {
            return List.of("--buyers", Integer.toString(buyers), "--repeat-share", Double.toString(repeatShare),
                    "--stock", Long.toString(stock), "--shards", Integer.toString(shards), "--in-flight",
                    Integer.toString(inFlight), "--settle-consumers", Integer.toString(settleConsumers),
                    "--rehearsal-share", Double.toString(rehearsalShare));
        }
    }

    private SdkSale() {
    }

    /**
     * @param args {@code --buyers N --repeat-share S --stock N --shards N --in-flight N --settle-consumers N
     *     --rehearsal-share S --out FILE}
     * @throws Exception if the sale cannot run; the result file is then not written
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String out = options.get("--out");
        if (out == null || args.length % 2 != 0) {
            System.err.println("usage: SdkSale [--buyers N] [--stock N] ... --out FILE");
            System.exit(2);
            return;
        }
        Settings settings = new Settings(
                Integer.parseInt(options.getOrDefault("--buyers", "1000000")),
                Double.parseDouble(options.getOrDefault("--repeat-share", "0.1")),
                Long.parseLong(options.getOrDefault("--stock", "10000")),
                Integer.parseInt(options.getOrDefault("--shards", "4")),
                Integer.parseInt(options.getOrDefault("--in-flight", "256")),
                Integer.parseInt(options.getOrDefault("--settle-consumers", "2")),
                Double.parseDouble(options.getOrDefault("--rehearsal-share", "0.05")));
        SdkSaleResult result = run(settings);
        JSON.writeValue(Path.of(out).toFile(), result);
        System.out.printf(Locale.ROOT, "sold %,d of %,d in %.0f ms; %,.0f attempts/s before, %,.0f after;"
                        + " settled in %.0f ms; audit %s%n", result.admitted(), settings.stock(),
                result.timeToSellOutMillis(), result.attemptsPerSecondBeforeSoldOut(),
                result.attemptsPerSecondAfterSoldOut(), result.allSettledMillis(),
                result.auditClean() ? "clean" : "VIOLATIONS " + result.auditViolations());
        System.exit(0);
    }

    /**
     * Runs a rehearsal and then the sale, on the servers the system properties name.
     *
     * @param settings the sale
     * @return what it measured
     */
    public static SdkSaleResult run(Settings settings) {
        try (HeapPeak heap = new HeapPeak(); Pipeline pipeline = new Pipeline(settings.settleConsumers())) {
            long activityId = System.currentTimeMillis() % 1_000_000_000L * 10;
            if (settings.rehearsalShare() > 0) {
                pipeline.sell(activityId + 1, settings.rehearsal(), 0);
            }
            SdkSaleResult result = pipeline.sell(activityId, settings, 1_000_000_000L);
            return withHeap(result, heap.sampledPeak(), HeapPeak.poolPeakSum(), Runtime.getRuntime().maxMemory());
        }
    }

    private static SdkSaleResult withHeap(SdkSaleResult r, long peak, long poolSum, long max) {
        return new SdkSaleResult(r.settings(), r.answers(), r.attempts(), r.firstFailure(), r.timeToSellOutMillis(),
                r.soldOutFlagMillis(), r.attemptsBeforeSoldOut(), r.attemptsAfterSoldOut(), r.allAnsweredMillis(),
                r.attemptsPerSecondBeforeSoldOut(), r.attemptsPerSecondAfterSoldOut(), r.latency(),
                r.admittedLatency(), r.settledOrders(), r.allSettledMillis(), r.settleWindowMillis(),
                r.settledPerSecond(), r.ledgerLocked(), r.redisSent(), r.redisSentPerAttempt(), r.redisCalls(),
                r.redisCommandsPerAttempt(), peak, poolSum,
                max, r.auditClean(), r.auditViolations(), r.ordersByStatus(), r.oversold(), r.bucketMillis(),
                r.timeline());
    }

    /** Redis admission, the Kafka queue, the MariaDB ledger and the settler, on the run's servers. */
    private static final class Pipeline implements AutoCloseable {
        private final RedisClient client = RedisClient.create(Fixtures.redisUri());
        private final CommandCounter sent = new CommandCounter();
        private final RedisClient infoClient = RedisClient.create(Fixtures.redisUri());
        private final SeckillRedis redis;
        private final StatefulRedisConnection<String, String> info;
        private final OrderQueue queue;
        private final MariaDbEndpoint database;
        private final Backends.MySqlLedger ledger;
        private final Events events = new Events();
        private final FlashSale sale;
        private final OrderSettler settler;

        Pipeline(int settleConsumers) {
            client.addListener(sent);
            redis = SeckillRedis.create(client);
            info = infoClient.connect();
            queue = Backends.kafkaQueue(Fixtures.kafkaBootstrap(), "e2e-orders-" + System.currentTimeMillis());
            database = Fixtures.freshDatabase("e2e");
            ledger = Backends.mysqlLedger(database, 8);
            sale = FlashSale.builder(redis.admissionGate(), queue).listener(events).build();
            settler = OrderSettler.builder(queue, ledger.ledger()).consumers(settleConsumers).givingBackTo(sale)
                    .listener(events).start();
        }

        SdkSaleResult sell(long activityId, Settings s, long userBase) {
            StockLedger stockLedger = ledger.ledger();
            ActivityConfig activity = ActivityConfig.builder(activityId).stock(s.stock()).shards(s.shards())
                    .strategy(ShardStrategies.stealing())
                    .window(Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1))).build();
            stockLedger.defineActivity(activity.toLedgerActivity());
            sale.launch(activity);
            events.reset(activityId);
            RedisCommandStats redisBefore = RedisCommandStats.parse(info.sync().info("commandstats"));
            Map<String, Long> sentBefore = sent.snapshot();

            long start = System.nanoTime();
            events.start(start);
            Attempts attempts = new Attempts(s, start);
            attempts.fire(sale, activityId, userBase);
            long answeredNanos = System.nanoTime();
            RedisCommandStats redisCalls = RedisCommandStats.parse(info.sync().info("commandstats")).since(redisBefore);
            Map<String, Long> redisSent = CommandCounter.since(sent.snapshot(), sentBefore);
            long sentTotal = redisSent.values().stream().mapToLong(Long::longValue).sum();

            long admitted = attempts.count(SaleTimeline.Answer.ADMITTED);
            long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            StockSnapshot stock = stockLedger.stock(activityId).orElseThrow();
            while (stock.locked() + stock.sold() < admitted && System.nanoTime() < deadline) {
                sleep(20);
                stock = stockLedger.stock(activityId).orElseThrow();
            }
            AuditReport audit = Auditor.of(stockLedger, redis.admissionGate(), Duration.ofSeconds(60))
                    .audit(activityId);
            List<String> violations = new ArrayList<>();
            for (AuditViolation v : audit.violations()) {
                violations.add(v.toString());
            }
            if (stock.locked() + stock.sold() < admitted) {
                violations.add("only " + (stock.locked() + stock.sold()) + " of " + admitted
                        + " admitted orders reached the ledger within " + SETTLE_TIMEOUT);
            }
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (Map.Entry<OrderStatus, Long> e : audit.ordersByStatus().entrySet()) {
                byStatus.put(e.getKey().name(), e.getValue());
            }

            double sellOut = attempts.lastAdmissionMillis();
            double all = (answeredNanos - start) / 1e6;
            long before = attempts.answeredAtLastAdmission();
            long after = s.attempts() - before;
            Map<String, long[]> timeline = new LinkedHashMap<>();
            attempts.timeline.series().forEach((answer, series) -> timeline.put(answer.name(), series));
            return new SdkSaleResult(s, attempts.answers(), s.attempts(), attempts.firstFailure(), sellOut,
                    events.soldOutMillis(), before, after, all, before / (sellOut / 1e3),
                    all > sellOut ? after / ((all - sellOut) / 1e3) : 0, Latency.of(attempts.all),
                    Latency.of(attempts.admitted), events.settled(), events.lastSettleMillis(),
                    events.settleWindowMillis(), events.settled() / (events.settleWindowMillis() / 1e3),
                    stock.locked(), redisSent, sentTotal / (double) s.attempts(), redisCalls.calls(),
                    redisCalls.total() / (double) s.attempts(), 0, 0, 0,
                    audit.clean() && violations.isEmpty(), violations, byStatus, audit.oversold(),
                    attempts.timeline.bucketMillis(), timeline);
        }

        @Override
        public void close() {
            settler.close();
            sale.close();
            info.close();
            infoClient.shutdown();
            redis.close();
            client.shutdown();
            queue.close();
            ledger.close();
            Fixtures.dropDatabase(database);
        }
    }

    /** The attempts of one sale, fired through a window of attempts in flight, with what they were answered. */
    private static final class Attempts {
        private final Settings s;
        private final long start;
        final SaleTimeline timeline;
        final Histogram all = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        final Histogram admitted = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        private final LongAdder[] counts = new LongAdder[SaleTimeline.Answer.values().length];
        private final AtomicLong answered = new AtomicLong();
        private final AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();
        private long lastAdmissionNanos;
        private long answeredAtLastAdmission;

        Attempts(Settings s, long start) {
            this.s = s;
            this.start = start;
            this.timeline = new SaleTimeline(start, BUCKET_MILLIS, 20 * 60 * 1000 / BUCKET_MILLIS);
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void fire(FlashSale sale, long activityId, long userBase) {
            Semaphore slots = new Semaphore(s.inFlight());
            Clicks clicks = new Clicks(s.buyers(), s.repeats(), REPEAT_LAG);
            while (clicks.hasNext()) {
                long user = userBase + clicks.next();
                String requestId = (clicks.repeat() ? "r" : "a") + user;
                slots.acquireUninterruptibly();
                long t0 = System.nanoTime();
                CompletionStage<AttemptResult> stage = sale.attemptAsync(activityId, user, requestId, 1);
                stage.whenComplete((result, failure) -> {
                    answered(result, failure, t0, System.nanoTime());
                    slots.release();
                });
            }
            slots.acquireUninterruptibly(s.inFlight());
        }

        private void answered(@Nullable AttemptResult result, @Nullable Throwable failure, long t0, long t1) {
            SaleTimeline.Answer answer;
            if (failure != null || result == null) {
                firstFailure.compareAndSet(null, failure);
                answer = SaleTimeline.Answer.FAILED;
            } else {
                answer = switch (result.outcome()) {
                    case ADMITTED -> SaleTimeline.Answer.ADMITTED;
                    case DUPLICATE -> SaleTimeline.Answer.DUPLICATE;
                    case SOLD_OUT -> SaleTimeline.Answer.SOLD_OUT;
                    default -> SaleTimeline.Answer.OTHER;
                };
            }
            long n = answered.incrementAndGet();
            counts[answer.ordinal()].increment();
            timeline.record(answer, t1);
            all.recordValue(Math.min(HIGHEST_NANOS, t1 - t0));
            if (answer == SaleTimeline.Answer.ADMITTED) {
                admitted.recordValue(Math.min(HIGHEST_NANOS, t1 - t0));
                synchronized (this) {
                    if (t1 > lastAdmissionNanos) {
                        lastAdmissionNanos = t1;
                        answeredAtLastAdmission = n;
                    }
                }
            }
        }

        long count(SaleTimeline.Answer answer) {
            return counts[answer.ordinal()].sum();
        }

        Map<String, Long> answers() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (SaleTimeline.Answer a : SaleTimeline.Answer.values()) {
                out.put(a.name(), count(a));
            }
            return out;
        }

        synchronized double lastAdmissionMillis() {
            return lastAdmissionNanos == 0 ? 0 : (lastAdmissionNanos - start) / 1e6;
        }

        synchronized long answeredAtLastAdmission() {
            return answeredAtLastAdmission;
        }

        String firstFailure() {
            return Optional.ofNullable(firstFailure.get()).map(Throwable::toString).orElse("");
        }
    }

    /** The sold-out flag and the settlements of the sale being measured. */
    private static final class Events implements SeckillListener {
        private volatile long activityId;
        private volatile long start;
        private volatile long soldOutNanos;
        private long settled;
        private long firstSettleStart;
        private long lastSettleEnd;

        synchronized void reset(long activity) {
            activityId = activity;
            soldOutNanos = 0;
            settled = 0;
            firstSettleStart = 0;
            lastSettleEnd = 0;
        }

        void start(long nanos) {
            start = nanos;
        }

        @Override
        public void soldOut(long activity) {
            if (activity == activityId && soldOutNanos == 0) {
                soldOutNanos = System.nanoTime();
            }
        }

        @Override
        public synchronized void settled(List<Settlement> settlements, long nanos) {
            long now = System.nanoTime();
            long locked = settlements.stream().filter(x -> x.outcome() == Settlement.Outcome.LOCKED).count();
            if (locked == 0) {
                return;
            }
            if (firstSettleStart == 0) {
                firstSettleStart = now - nanos;
            }
            lastSettleEnd = now;
            settled += locked;
        }

        double soldOutMillis() {
            long at = soldOutNanos;
            return at == 0 ? -1 : (at - start) / 1e6;
        }

        synchronized long settled() {
            return settled;
        }

        synchronized double lastSettleMillis() {
            return lastSettleEnd == 0 ? -1 : (lastSettleEnd - start) / 1e6;
        }

        synchronized double settleWindowMillis() {
            return (lastSettleEnd - firstSettleStart) / 1e6;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
