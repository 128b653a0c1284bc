package io.github.seckill.benchmarks.scaleout;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.benchmarks.DiscardingOrderQueue;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.engine.FlashSaleBuilder;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.TakeResult;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bitmap routing with several instances: three engines, each with its own Redis Cluster client and its own view (as
 * three app instances have), sell one activity of many shards; once with each engine's local hint alone, once with
 * the shard bitmap they share, alternated round by round on the same cluster. Counted at each engine's gate: shards
 * probed per admission (on a cluster each probe is a round trip), probes of empty shards, over the whole sale and near
 * its end (the last fifth of the stock), and buyers answered sold out after a refusal that left units in the backend
 * (read right after the refusal).
 */
public final class RoutingComparison {

    /** One sale's counts. */
    public record Round(String mode, long attempts, long admitted, long probes, long emptyProbes, long nearAttempts,
            long nearProbes, long nearEmptyProbes, long soldOutWithStockLeft, long redisCalls, double seconds) {

        /**
         * @return calls the engines sent to the cluster per unit sold, each a round trip (claims, takes, confirms,
         *     stock reads of sell-out confirmations, bitmap reads and updates)
         */
        public double callsPerAdmission() {
            return admitted == 0 ? 0 : (double) redisCalls / admitted;
        }

        /** @return shards probed per attempt that reached a gate */
        public double probesPerAttempt() {
            return attempts == 0 ? 0 : (double) probes / attempts;
        }

        /** @return shards probed per attempt near the sell-out */
        public double nearProbesPerAttempt() {
            return nearAttempts == 0 ? 0 : (double) nearProbes / nearAttempts;
        }

        /** @return empty shards probed per attempt near the sell-out */
        public double nearEmptyProbesPerAttempt() {
            return nearAttempts == 0 ? 0 : (double) nearEmptyProbes / nearAttempts;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-6s attempts %,d admitted %,d probes/attempt %.2f (near sell-out %.2f,"
                    + " of them empty %.2f) sold-out-with-stock %d, Redis calls per admission %.2f, %.1f s", mode,
                    attempts, admitted, probesPerAttempt(), nearProbesPerAttempt(), nearEmptyProbesPerAttempt(),
                    soldOutWithStockLeft, callsPerAdmission(), seconds);
        }
    }

    private final List<String> clusterUris;
    private final int instances;
    private final int shards;
    private final long stock;
    private final int buyers;
    private final int threadsPerInstance;

    /**
     * @param clusterUris the cluster's seed URIs
     * @param instances engines sharing the sale
     * @param shards the activity's shards
     * @param stock its units
     * @param buyers distinct buyers, spread over the engines
     * @param threadsPerInstance buyers in flight per engine
     */
    public RoutingComparison(List<String> clusterUris, int instances, int shards, long stock, int buyers,
            int threadsPerInstance) {
        this.clusterUris = List.copyOf(clusterUris);
        this.instances = instances;
        this.shards = shards;
        this.stock = stock;
        this.buyers = buyers;
        this.threadsPerInstance = threadsPerInstance;
    }

    /**
     * Runs {@code rounds} pairs: local hint, then shared bitmap, each on an activity of its own.
     *
     * @return the rounds in the order they ran
     */
    public List<Round> run(int rounds, long firstActivityId) throws Exception {
        List<Round> all = new ArrayList<>();
        long id = firstActivityId;
        for (int r = 0; r < rounds; r++) {
            all.add(sale(id++, false));
            all.add(sale(id++, true));
        }
        return all;
    }

    private Round sale(long activityId, boolean shared) throws Exception {
        List<RedisClusterClient> clients = new ArrayList<>();
        List<SeckillRedis> backends = new ArrayList<>();
        List<FlashSale> engines = new ArrayList<>();
        // Refusals are checked on a client of their own, whose calls are not the sale's.
        RedisClusterClient checkerClient = RedisClusterClient.create(clusterUris.stream().map(RedisURI::create)
                .toList());
        SeckillRedis checker = SeckillRedis.create(checkerClient);
        Counts counts = new Counts(stock, checker.stockStore());
        Instant opens = Instant.now().plusSeconds(1);
        ActivityConfig activity = ActivityConfig.builder(activityId).stock(stock).shards(shards)
                .strategy(ShardStrategies.bitmapRouting()).window(opens, opens.plusSeconds(3600)).build();
        ExecutorService pool = Executors.newFixedThreadPool(instances * threadsPerInstance);
        LongAdder calls = new LongAdder();
        boolean[] counting = {false};
        try {
            for (int i = 0; i < instances; i++) {
                List<RedisURI> seeds = clusterUris.stream().map(RedisURI::create).toList();
                RedisClusterClient client = RedisClusterClient.create(seeds);
                client.addListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (counting[0]) {
                            calls.increment();
                        }
                    }
                });
                clients.add(client);
                SeckillRedis redis = SeckillRedis.create(client);
                backends.add(redis);
                FlashSaleBuilder b = FlashSale.builder(new CountingGate(redis.admissionGate(), counts),
                        new DiscardingOrderQueue());
                if (shared) {
                    b.sharedShardBitmap(redis.sharedShardBitmap(), Duration.ofMillis(50));
                }
                FlashSale engine = b.build();
                engine.launch(activity);
                engines.add(engine);
            }
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), opens).toMillis()) + 20);
            counting[0] = true;
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < instances * threadsPerInstance; t++) {
                running.add(pool.submit(() -> {
                    for (long u = next.getAndIncrement(); u < buyers; u = next.getAndIncrement()) {
                        FlashSale engine = engines.get((int) (u % instances));
                        counts.stockLeftAtRefusal.set(Boolean.FALSE);
                        AttemptResult result = engine.attempt(activityId, u + 1, "r");
                        if (result.outcome() == AttemptResult.Outcome.SOLD_OUT
                                && counts.stockLeftAtRefusal.get()) {
                            counts.soldOutWithStockLeft.increment();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            counting[0] = false;
            long commands = calls.sum();
            return new Round(shared ? "shared" : "local", counts.attempts.sum(), counts.admitted.get(),
                    counts.probes.sum(), counts.emptyProbes.sum(), counts.nearAttempts.sum(), counts.nearProbes.sum(),
                    counts.nearEmptyProbes.sum(), counts.soldOutWithStockLeft.sum(), commands, seconds);
        } finally {
            pool.shutdownNow();
            for (FlashSale e : engines) {
                e.retire(activityId);
                e.close();
            }
            backends.forEach(SeckillRedis::close);
            clients.forEach(RedisClusterClient::shutdown);
            checker.close();
            checkerClient.shutdown();
        }
    }

    /** What the gates saw, over all engines of one sale. */
    private static final class Counts {
        final long stock;
        final ShardedStockStore checker;
        final LongAdder attempts = new LongAdder();
        final AtomicLong admitted = new AtomicLong();
        final LongAdder probes = new LongAdder();
        final LongAdder emptyProbes = new LongAdder();
        final LongAdder nearAttempts = new LongAdder();
        final LongAdder nearProbes = new LongAdder();
        final LongAdder nearEmptyProbes = new LongAdder();
        final LongAdder soldOutWithStockLeft = new LongAdder();
        /** Whether the attempt on this thread met a sold-out decision while the backend still held units. */
        final ThreadLocal<Boolean> stockLeftAtRefusal = ThreadLocal.withInitial(() -> Boolean.FALSE);

        Counts(long stock, ShardedStockStore checker) {
            this.stock = stock;
            this.checker = checker;
        }

        void decided(AdmissionDecision d) {
            TakeResult take = d.take();
            boolean near = admitted.get() >= stock * 4 / 5;
            long probed = Long.bitCount(take.emptyMask() | take.stockedMask());
            long empty = Long.bitCount(take.emptyMask() & ~(take.taken() ? 1L << take.shard() : 0));
            attempts.increment();
            probes.add(probed);
            emptyProbes.add(empty);
            if (near) {
                nearAttempts.increment();
                nearProbes.add(probed);
                nearEmptyProbes.add(empty);
            }
            if (d.outcome() == AdmissionDecision.Outcome.ADMITTED && !d.replayed()) {
                admitted.addAndGet(d.quantity());
            }
        }
    }

    /** Passes everything through, counting each decision's probes. */
    private static final class CountingGate implements AdmissionGate {
        private final AdmissionGate delegate;
        private final Counts counts;

        CountingGate(AdmissionGate delegate, Counts counts) {
            this.delegate = delegate;
            this.counts = counts;
        }

        /** Synchronous only, so that a refusal with stock left is told to the attempt's own thread. */
        @Override
        public AdmissionDecision admit(AdmissionRequest request) {
            AdmissionDecision d = delegate.admit(request);
            counts.decided(d);
            if (d.outcome() == AdmissionDecision.Outcome.SOLD_OUT
                    && Arrays.stream(counts.checker.remaining(request.activityId())).sum() > 0) {
                counts.stockLeftAtRefusal.set(Boolean.TRUE);
            }
            return d;
        }

        @Override
        public ShardedStockStore stock() {
            return delegate.stock();
        }

        @Override
        public DedupeGuard dedupe() {
            return delegate.dedupe();
        }

        @Override
        public void revoke(HeldUnits units) {
            delegate.revoke(units);
        }
    }
}
