package io.github.seckill.example.healing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ActivityConfig;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.SeckillException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.reconcile.AuditViolation;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * For 30 s, 8 threads of attempts, the settler, random payments and failed payments (give-backs) and a reconciler
 * running every 50 ms, on real Redis and MariaDB: after every run the audit finds that admission could never admit
 * more than the ledger can sell, and at the end the audit is clean with nothing undersold.
 */
@WithRedis
@WithMariaDb
class ReconciliationStressTest {

    private static final Duration RUN = Duration.ofSeconds(30);
    private static final int STOCK = 2_000;

    @Test
    void reconciliationNeverLeavesAdmissionAboveTheLedger(RedisEndpoint redisServer, MariaDbEndpoint server)
            throws Exception {
        MariaDbEndpoint db = server.createFreshDatabase("stress");
        RedisClient client = RedisClient.create(redisServer.uri());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        List<String> above = new CopyOnWriteArrayList<>();
        AtomicLong runs = new AtomicLong();
        AtomicLong added = new AtomicLong();
        AtomicLong removed = new AtomicLong();
        AtomicLong releases = new AtomicLong();
        try (HikariDataSource pool = MySqlDataSources.hikari(db.jdbcUrl(), db.user(), db.password());
                SeckillRedis redis = SeckillRedis.builder(client).keyPrefix("stress" + Tck.uniqueId()).build();
                InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build()) {
            SeckillMySql mysql = SeckillMySql.create(pool);
            mysql.migrate();
            StockLedger ledger = mysql.stockLedger();
            Auditor auditor = Auditor.of(ledger, redis.admissionGate(), Duration.ofMinutes(5));
            ActivityConfig activity = ActivityConfig.builder(Tck.uniqueId()).stock(STOCK).shards(8)
                    .strategy(ShardStrategies.stealing())
                    .window(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3_600)).build();
            long id = activity.activityId();
            SeckillListener auditEveryRun = new SeckillListener() {
                @Override
                public void reconciled(ReconciliationReport report) {
                    runs.incrementAndGet();
                    added.addAndGet(report.unitsAdded());
                    removed.addAndGet(report.unitsRemoved());
                    AuditReport audit = auditor.audit(id);
                    audit.violations().stream()
                            .filter(v -> v.kind() == AuditViolation.Kind.ADMISSION_ABOVE_LEDGER)
                            .forEach(v -> above.add(v.detail()));
                }
            };
            Reconciler reconciler = Reconciler.builder(redis.admissionGate(), ledger).queue(queue)
                    .leases(mysql.leaseStore()).listener(auditEveryRun).build();
            ledger.defineActivity(activity.toLedgerActivity());
            try (AutoCloseable schedule = reconciler.schedule(scheduler, Duration.ofMillis(50));
                    FlashSale sale = FlashSale.builder(redis.admissionGate(), queue).reconciler(reconciler).build();
                    OrderSettler settler = OrderSettler.builder(queue, ledger).consumers(2).givingBackTo(sale)
                            .start()) {
                sale.launch(activity);
                OrderLifecycle lifecycle = OrderLifecycle.builder(sale, ledger).build();
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService threads = Executors.newFixedThreadPool(9);
                for (int t = 0; t < 8; t++) {
                    threads.submit(() -> {
                        while (running.get()) {
                            long user = ThreadLocalRandom.current().nextLong(1, 60_000);
                            try {
                                sale.attempt(id, user, "r" + ThreadLocalRandom.current().nextInt(3));
                            } catch (SeckillException e) {
                                // an unknown outcome or a refusal: the buyer tries later
                            }
                        }
                    });
                }
                threads.submit(() -> {
                    long after = 0;
                    while (running.get()) {
                        List<OrderRecord> page = ledger.orders(id, after, 100);
                        after = page.size() < 100 ? 0 : page.get(page.size() - 1).orderId();
                        for (OrderRecord o : page) {
                            if (o.status() == OrderStatus.PENDING_PAYMENT && ThreadLocalRandom.current().nextInt(3) == 0) {
                                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                    lifecycle.paymentSucceeded(o.orderId());
                                } else if (lifecycle.paymentFailed(o.orderId()).released()) {
                                    releases.incrementAndGet();
                                }
                            }
                        }
                        Thread.sleep(5);
                    }
                    return null;
                });
                Thread.sleep(RUN.toMillis());
                running.set(false);
                threads.shutdown();
                assertThat(threads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(queue.awaitDrained(Duration.ofSeconds(30))).isTrue();
                assertThat(settler).isNotNull();
                Thread.sleep(500);
            }
            assertThat(runs.get()).as("the reconciler ran throughout").isGreaterThan(100);
            assertThat(releases.get()).as("failed payments gave units back throughout").isGreaterThan(100);
            assertThat(above).as("admission above the ledger after a run").isEmpty();
            reconciler.reconcile(id);
            reconciler.reconcile(id);
            AuditReport audit = auditor.audit(id);
            assertThat(audit.violations()).as(audit.toTable()).isEmpty();
            assertThat(audit.undersold()).as("nothing left unsold by admission").isZero();
            assertThat(audit.overAdmitted()).as("no admitted order found the ledger without a unit").isZero();
            assertThat(removed.get()).as("admission was never above the ledger to begin with").isZero();
        } finally {
            scheduler.shutdownNow();
            client.shutdown();
        }
    }
}
