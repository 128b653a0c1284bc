package io.github.seckill.example.healing;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ActivityConfig;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.engine.FlashSaleBuilder;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.RetryPolicy;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.reconcile.ReconcilerBuilder;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.lettuce.core.RedisClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * A whole pipeline on real servers for one test: Redis admission (on the test's own Redis, so that it can be flushed,
 * paused or killed), a Kafka queue with its own topic, the MySQL ledger in a fresh database, the engine, the settler,
 * the lifecycle and a scheduled reconciler. Counting helpers read the ledger with SQL.
 */
final class SaleRig implements AutoCloseable {

    final RedisClient client;
    final SeckillRedis redis;
    final HikariDataSource pool;
    final SeckillMySql mysql;
    final StockLedger ledger;
    final OrderQueue queue;
    final Reconciler reconciler;
    final FlashSale sale;
    final OrderSettler settler;
    final OrderLifecycle lifecycle;
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "rig-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** What a test may change in the rig's parts. */
    record Tuning(UnaryOperator<SeckillRedis.Builder> redis, UnaryOperator<KafkaQueueOptions.Builder> queue,
            UnaryOperator<ReconcilerBuilder> reconciler, UnaryOperator<FlashSaleBuilder> engine,
            Duration reconcileEvery, SeckillListener listener) {

        static Tuning defaults() {
            return new Tuning(b -> b, b -> b, b -> b, b -> b, Duration.ofMillis(500), SeckillListener.NOOP);
        }

        Tuning withRedis(UnaryOperator<SeckillRedis.Builder> r) {
            return new Tuning(r, queue, reconciler, engine, reconcileEvery, listener);
        }

        Tuning withQueue(UnaryOperator<KafkaQueueOptions.Builder> q) {
            return new Tuning(redis, q, reconciler, engine, reconcileEvery, listener);
        }

        Tuning withReconciler(UnaryOperator<ReconcilerBuilder> r) {
            return new Tuning(redis, queue, r, engine, reconcileEvery, listener);
        }

        Tuning withEngine(UnaryOperator<FlashSaleBuilder> e) {
            return new Tuning(redis, queue, reconciler, e, reconcileEvery, listener);
        }

        Tuning every(Duration d) {
            return new Tuning(redis, queue, reconciler, engine, d, listener);
        }

        Tuning listening(SeckillListener l) {
            return new Tuning(redis, queue, reconciler, engine, reconcileEvery, l);
        }
    }

    SaleRig(String redisUri, String kafkaBootstrap, MariaDbEndpoint database, Tuning tuning) {
        try {
            client = RedisClient.create(redisUri);
            opened.push(client::shutdown);
            redis = opened(tuning.redis().apply(SeckillRedis.builder(client).keyPrefix("rig" + Tck.uniqueId()))
                    .build());
            MariaDbEndpoint fresh = database.createFreshDatabase("rig");
            pool = opened(MySqlDataSources.hikari(fresh.jdbcUrl(), fresh.user(), fresh.password()));
            mysql = SeckillMySql.create(pool);
            mysql.migrate();
            ledger = mysql.stockLedger();
            SeckillKafka kafka = SeckillKafka.create(kafkaBootstrap);
            KafkaQueueOptions options = tuning.queue().apply(KafkaQueueOptions.builder("rig-" + Tck.uniqueId())
                    .publishTimeout(Duration.ofSeconds(10)).listener(tuning.listener())
                    .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(20))
                            .maxBackoff(Duration.ofMillis(200)).build())).build();
            kafka.createTopics(options, 3, (short) 1);
            queue = opened(kafka.orderQueue(options));
            reconciler = tuning.reconciler().apply(Reconciler.builder(redis.admissionGate(), ledger).queue(queue)
                    .leases(mysql.leaseStore()).listener(tuning.listener())).build();
            opened.push(reconciler.schedule(scheduler, tuning.reconcileEvery()));
            sale = opened(tuning.engine().apply(FlashSale.builder(redis.admissionGate(), queue)
                    .publishTimeout(Duration.ofSeconds(10)).listener(tuning.listener()).reconciler(reconciler))
                    .build());
            settler = opened(OrderSettler.builder(queue, ledger).consumers(2).givingBackTo(sale)
                    .listener(tuning.listener()).start());
            lifecycle = OrderLifecycle.builder(sale, ledger).build();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Defines an activity in the ledger and launches it, open from now for an hour. */
    ActivityConfig launch(long stock, int shards) {
        ActivityConfig activity = OpenWindow.now().activity(Tck.uniqueId()).stock(stock).shards(shards)
                .strategy(ShardStrategies.stealing()).build();
        ledger.defineActivity(activity.toLedgerActivity());
        sale.launch(activity);
        return activity;
    }

    long number(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** @return units locked plus sold in the ledger's stock row */
    long soldOrLocked(long activityId) {
        return number("SELECT locked + sold FROM seckill_activity WHERE activity_id = " + activityId);
    }

    /** @return users holding more than one pending or paid order, over both order tables */
    long usersHoldingTwo(long activityId) {
        return number("SELECT COUNT(*) FROM (SELECT user_id FROM (SELECT user_id, status FROM seckill_order"
                + " WHERE activity_id = " + activityId + " UNION ALL SELECT user_id, status FROM seckill_order_rejection"
                + " WHERE activity_id = " + activityId + ") o WHERE status IN ('PENDING_PAYMENT', 'PAID')"
                + " GROUP BY user_id HAVING COUNT(*) > 1) twice");
    }

    AuditReport audit(long activityId) {
        return Auditor.of(ledger, redis.admissionGate(), Duration.ofSeconds(60)).audit(activityId);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // closing what the test opened; keep closing the rest
            }
        }
    }
}
