package io.github.seckill.example.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.SeckillException;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.queue.QueueMark;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisServer;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * A sale of 500 units to 20,000 buyers (with repeat clicks) while Redis loses everything twice: it is flushed, and
 * later killed and restarted with no persistence. Degraded admission keeps selling meanwhile, the reconciler rebuilds
 * the activity from the ledger (every winner's slot, then the units once the queue settled), and a last wave of buyers
 * who all pay sells every unit. The ledger's rows are counted by SQL throughout.
 */
@WithKafka
@WithMariaDb
class RedisDataLossSaleTest {

    private static final int STOCK = 500;
    private static final int BUYERS = 20_000;
    private static final int THREADS = 8;

    @Test
    void aSaleSurvivesRedisLosingItsDataAndSellsEveryUnit(KafkaEndpoint kafka, MariaDbEndpoint db) throws Exception {
        try (RedisServer server = RedisServer.builder().start();
                SaleRig rig = new SaleRig(server.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults()
                        .withRedis(b -> b.commandTimeout(Duration.ofMillis(500)))
                        .withEngine(b -> b.degradedAdmission(DegradedAdmission.builder()
                                .mode(DegradedAdmission.Mode.RANDOM_GATE).retryBackendAfter(Duration.ofMillis(500))
                                .build()))
                        .every(Duration.ofMillis(300)))) {
            ActivityConfig activity = rig.launch(STOCK, 4);
            long id = activity.activityId();
            Map<Long, Set<Long>> ordersByUser = new ConcurrentHashMap<>();
            LongAdder degraded = new LongAdder();
            LongAdder failures = new LongAdder();
            AtomicLong highest = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    highest.accumulateAndGet(rig.soldOrLocked(id), Math::max);
                    sleep(50);
                }
            });
            sampler.start();
            AtomicInteger served = new AtomicInteger();
            ExecutorService buyers = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                running.add(buyers.submit(() -> {
                    for (int user = 1 + thread; user <= BUYERS; user += THREADS) {
                        click(rig, id, user, "c1", ordersByUser, degraded, failures);
                        if (user % 5 == 0) {
                            click(rig, id, user, "c2", ordersByUser, degraded, failures); // a repeat click
                        }
                        served.incrementAndGet();
                        sleep(3); // about 2,500 buyers a second: the sale lasts through the faults
                    }
                    return null;
                }));
            }
            // Payments while the sale runs: most pay, some fail and their units are sold again.
            AtomicBoolean paying = new AtomicBoolean(true);
            Thread payments = new Thread(() -> {
                while (paying.get()) {
                    settlePayments(rig, id, 0.7);
                    sleep(100);
                }
            });
            payments.start();
            await(() -> rig.soldOrLocked(id) >= STOCK * 2 / 5, "two fifths of the stock to be taken");
            flushAll(server.uri());
            sleep(2_000);
            server.kill();
            sleep(1_000);
            server.start();
            for (Future<?> f : running) {
                f.get();
            }
            buyers.shutdown();
            paying.set(false);
            payments.join();

            // Quiet: everything queued reaches the ledger; the reconciler rebuilds and repairs.
            QueueMark afterBuyers = rig.queue.mark().orElseThrow();
            await(() -> rig.queue.settledThrough(afterBuyers), "the queue to settle");
            await(() -> rig.audit(id).admissionInFlight() == 0, "every admitted order to reach the ledger");
            // The last wave: everyone holding an order pays, and new buyers keep coming and pay, until sold out.
            long nextUser = BUYERS + 1;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (rig.number("SELECT sold FROM seckill_activity WHERE activity_id = " + id) < STOCK) {
                assertThat(System.nanoTime()).as("sold out within 90 s of the last wave").isLessThan(deadline);
                payEveryPendingOrder(rig, id);
                for (int i = 0; i < 50; i++) {
                    click(rig, id, nextUser++, "last", ordersByUser, degraded, failures);
                }
                sleep(200);
            }
            sampling.set(false);
            sampler.join();

            assertThat(degraded.sum()).as("degraded admission sold while Redis was gone").isPositive();
            assertThat(highest.get()).as("sold + locked at every sample").isLessThanOrEqualTo(STOCK);
            assertThat(rig.number("SELECT sold FROM seckill_activity WHERE activity_id = " + id))
                    .as("undersell repaired").isEqualTo(STOCK);
            assertThat(rig.usersHoldingTwo(id)).as("no user holds two orders").isZero();
            long missing = 0;
            for (Map.Entry<Long, Set<Long>> e : ordersByUser.entrySet()) {
                for (long orderId : e.getValue()) {
                    if (rig.ledger.findOrder(orderId, e.getKey()).isEmpty()) {
                        missing++;
                    }
                }
            }
            assertThat(missing).as("every order answered admitted reached the ledger").isZero();
            AuditReport audit = rig.audit(id);
            assertThat(audit.violations()).as(audit.toTable()).isEmpty();
        }
    }

    private static void click(SaleRig rig, long activity, long user, String request, Map<Long, Set<Long>> orders,
            LongAdder degraded, LongAdder failures) {
        try {
            AttemptResult r = rig.sale.attempt(activity, user, "u" + user + "-" + request);
            if (r instanceof AttemptResult.Admitted a) {
                orders.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(a.orderId());
                if (a.degraded()) {
                    degraded.increment();
                }
            }
        } catch (SeckillException e) {
            failures.increment(); // unknown outcomes and refusals while Redis is gone: the buyer clicks again later
        }
    }

    /** Pays or fails every pending order: {@code payShare} of them pay, the others fail and give their units back. */
    private static void settlePayments(SaleRig rig, long activity, double payShare) {
        long after = 0;
        while (true) {
            List<OrderRecord> page = rig.ledger.orders(activity, after, 1_000);
            for (OrderRecord o : page) {
                if (o.status() == OrderStatus.PENDING_PAYMENT) {
                    try {
                        if (ThreadLocalRandom.current().nextDouble() < payShare) {
                            rig.lifecycle.paymentSucceeded(o.orderId());
                        } else {
                            rig.lifecycle.paymentFailed(o.orderId());
                        }
                    } catch (SeckillException e) {
                        // Redis may be down for the give-back: reconciliation repairs it
                    }
                }
                after = o.orderId();
            }
            if (page.size() < 1_000) {
                return;
            }
        }
    }

    private static void payEveryPendingOrder(SaleRig rig, long activity) {
        long after = 0;
        while (true) {
            List<OrderRecord> page = rig.ledger.orders(activity, after, 1_000);
            for (OrderRecord o : page) {
                if (o.status() == OrderStatus.PENDING_PAYMENT) {
                    rig.lifecycle.paymentSucceeded(o.orderId());
                }
                after = o.orderId();
            }
            if (page.size() < 1_000) {
                return;
            }
        }
    }

    private static void flushAll(String uri) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        } finally {
            client.shutdown();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            sleep(ThreadLocalRandom.current().nextInt(20, 60));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
