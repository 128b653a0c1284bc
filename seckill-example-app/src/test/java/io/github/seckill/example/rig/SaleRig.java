package io.github.seckill.example.rig;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ActivityConfig;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.engine.FlashSaleBuilder;
import io.github.seckill.event.Listeners;
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
import io.github.seckill.settlement.DirectOrderQueue;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.status.StatusPublisher;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A whole pipeline on real servers for one test: Redis admission (on the test's own Redis, so that it can be flushed,
 * paused or killed) with its waitlist, a Kafka queue with its own topic (or the direct queue), the MySQL ledger in a
 * fresh database, the engine, the settler, the lifecycle and a scheduled reconciler, order updates pushed on Redis.
 * Counting helpers read the ledger with SQL.
 */
public final class SaleRig implements AutoCloseable {

    /** Which queue the rig runs on. */
    public enum QueueKind {
        /** A Kafka topic of its own. */
        KAFKA,
        /** No broker: each publish settles in the ledger. */
        DIRECT
    }

    /** The prefix of every admission key of the rig's Redis. */
    public final String keyPrefix;
    public final SeckillRedis redis;
    /** The rig's own database. */
    public final MariaDbEndpoint database;
    public final HikariDataSource pool;
    public final SeckillMySql mysql;
    public final StockLedger ledger;
    public final OrderQueue queue;
    /** The rig's Kafka topic (its consumer group is the topic's name + {@code .settler}); none on the direct queue. */
    public final @Nullable String topic;
    public final Reconciler reconciler;
    public final FlashSale sale;
    /** The rig's settler, unless {@link Tuning#withoutSettler()}. */
    public final @Nullable OrderSettler settler;
    public final OrderLifecycle lifecycle;
    public final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "rig-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /**
     * What a test may change in the rig's parts.
     *
     * @param redis the admission backend's settings
     * @param queue the Kafka queue's settings
     * @param reconciler the reconciler's settings
     * @param engine the engine's settings
     * @param settlerSettings the settler's settings
     * @param lifecycleSettings the lifecycle's settings
     * @param reconcileEvery the reconciler's period
     * @param listener told every event, besides the status push
     * @param queueKind Kafka or the direct queue
     * @param settlerInProcess whether the rig runs a settler; without one, the test settles the queue elsewhere
     */
    public record Tuning(UnaryOperator<SeckillRedis.Builder> redis, UnaryOperator<KafkaQueueOptions.Builder> queue,
            UnaryOperator<ReconcilerBuilder> reconciler, UnaryOperator<FlashSaleBuilder> engine,
            UnaryOperator<OrderSettler.Builder> settlerSettings, UnaryOperator<OrderLifecycle.Builder> lifecycleSettings,
            Duration reconcileEvery, SeckillListener listener, QueueKind queueKind, boolean settlerInProcess) {

        public static Tuning defaults() {
            return new Tuning(b -> b, b -> b, b -> b, b -> b, b -> b, b -> b, Duration.ofMillis(500),
                    SeckillListener.NOOP, QueueKind.KAFKA, true);
        }

        public Tuning withRedis(UnaryOperator<SeckillRedis.Builder> r) {
            return new Tuning(r, queue, reconciler, engine, settlerSettings, lifecycleSettings, reconcileEvery,
                    listener, queueKind, settlerInProcess);
        }

        public Tuning withQueue(UnaryOperator<KafkaQueueOptions.Builder> q) {
            return new Tuning(redis, q, reconciler, engine, settlerSettings, lifecycleSettings, reconcileEvery,
                    listener, queueKind, settlerInProcess);
        }

        public Tuning withReconciler(UnaryOperator<ReconcilerBuilder> r) {
            return new Tuning(redis, queue, r, engine, settlerSettings, lifecycleSettings, reconcileEvery, listener,
                    queueKind, settlerInProcess);
        }

        public Tuning withEngine(UnaryOperator<FlashSaleBuilder> e) {
            return new Tuning(redis, queue, reconciler, e, settlerSettings, lifecycleSettings, reconcileEvery,
                    listener, queueKind, settlerInProcess);
        }

        public Tuning withSettler(UnaryOperator<OrderSettler.Builder> s) {
            return new Tuning(redis, queue, reconciler, engine, s, lifecycleSettings, reconcileEvery, listener,
                    queueKind, settlerInProcess);
        }

        public Tuning withLifecycle(UnaryOperator<OrderLifecycle.Builder> l) {
            return new Tuning(redis, queue, reconciler, engine, settlerSettings, l, reconcileEvery, listener,
                    queueKind, settlerInProcess);
        }

        public Tuning every(Duration d) {
            return new Tuning(redis, queue, reconciler, engine, settlerSettings, lifecycleSettings, d, listener,
                    queueKind, settlerInProcess);
        }

        public Tuning listening(SeckillListener l) {
            return new Tuning(redis, queue, reconciler, engine, settlerSettings, lifecycleSettings, reconcileEvery, l,
                    queueKind, settlerInProcess);
        }

        public Tuning on(QueueKind kind) {
            return new Tuning(redis, queue, reconciler, engine, settlerSettings, lifecycleSettings, reconcileEvery,
                    listener, kind, settlerInProcess);
        }

        /** No settler in the rig: another process settles the rig's topic, in the rig's consumer group. */
        public Tuning withoutSettler() {
            return new Tuning(redis, queue, reconciler, engine, settlerSettings, lifecycleSettings, reconcileEvery,
                    listener, queueKind, false);
        }
    }

    public SaleRig(String redisUri, String kafkaBootstrap, MariaDbEndpoint database, Tuning tuning) {
        this(opened -> {
            RedisClient standalone = RedisClient.create(redisUri);
            opened.push(standalone::shutdown);
            return SeckillRedis.builder(standalone);
        }, kafkaBootstrap, database, tuning);
    }

    /**
     * A rig on a Redis Cluster.
     *
     * @param cluster the cluster's client, which the rig shuts down on close
     */
    public static SaleRig onCluster(RedisClusterClient cluster, String kafkaBootstrap, MariaDbEndpoint database,
            Tuning tuning) {
        return new SaleRig(opened -> {
            opened.push(cluster::shutdown);
            return SeckillRedis.builder(cluster);
        }, kafkaBootstrap, database, tuning);
    }

    /** Makes the admission backend's builder, pushing its client on the resources the rig closes. */
    private interface RedisConnector {
        SeckillRedis.Builder connect(Deque<AutoCloseable> opened);
    }

    private SaleRig(RedisConnector connector, String kafkaBootstrap, MariaDbEndpoint database, Tuning tuning) {
        try {
            keyPrefix = "rig" + Tck.uniqueId();
            redis = opened(tuning.redis().apply(connector.connect(opened).keyPrefix(keyPrefix)).build());
            this.database = database.createFreshDatabase("rig");
            pool = opened(MySqlDataSources.hikari(this.database.jdbcUrl(), this.database.user(),
                    this.database.password()));
            mysql = SeckillMySql.create(pool);
            mysql.migrate();
            ledger = mysql.stockLedger();
            RetryPolicy retry = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(20))
                    .maxBackoff(Duration.ofMillis(200)).build();
            if (tuning.queueKind() == QueueKind.DIRECT) {
                topic = null;
                queue = opened(DirectOrderQueue.builder().retry(retry).workers(8).timeout(Duration.ofSeconds(8))
                        .build());
            } else {
                topic = "rig-" + Tck.uniqueId();
                SeckillKafka kafka = SeckillKafka.create(kafkaBootstrap);
                KafkaQueueOptions options = tuning.queue().apply(KafkaQueueOptions.builder(topic)
                        .publishTimeout(Duration.ofSeconds(10)).listener(tuning.listener()).retryPolicy(retry))
                        .build();
                kafka.createTopics(options, 3, (short) 1);
                queue = opened(kafka.orderQueue(options));
            }
            SeckillListener events = Listeners.safe(List.of(tuning.listener(), StatusPublisher.to(redis.statusFeed())));
            reconciler = tuning.reconciler().apply(Reconciler.builder(redis.admissionGate(), ledger).queue(queue)
                    .leases(mysql.leaseStore()).listener(tuning.listener())).build();
            opened.push(reconciler.schedule(scheduler, tuning.reconcileEvery()));
            sale = opened(tuning.engine().apply(FlashSale.builder(redis.admissionGate(), queue)
                    .publishTimeout(Duration.ofSeconds(10)).listener(events).reconciler(reconciler)
                    .waitlist(redis.waitlist())).build());
            settler = tuning.settlerInProcess() ? opened(tuning.settlerSettings().apply(OrderSettler.builder(queue,
                    ledger).consumers(2).givingBackTo(sale).listener(events)).start()) : null;
            lifecycle = opened(tuning.lifecycleSettings().apply(OrderLifecycle.builder(sale, ledger)
                    .admission(redis.admissionGate()).listener(events)).build());
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
    public ActivityConfig launch(long stock, int shards) {
        return launch(OpenWindow.now().activity(Tck.uniqueId()).stock(stock).shards(shards)
                .strategy(ShardStrategies.stealing()).build());
    }

    /** Defines an activity in the ledger and launches it. */
    public ActivityConfig launch(ActivityConfig activity) {
        ledger.defineActivity(activity.toLedgerActivity());
        sale.launch(activity);
        return activity;
    }

    public long number(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public void execute(String sql) {
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
    public long soldOrLocked(long activityId) {
        return number("SELECT locked + sold FROM seckill_activity WHERE activity_id = " + activityId);
    }

    /** @return users holding more than one pending or paid order, over both order tables */
    public long usersHoldingTwo(long activityId) {
        return number("SELECT COUNT(*) FROM (SELECT user_id FROM (SELECT user_id, status FROM seckill_order"
                + " WHERE activity_id = " + activityId + " UNION ALL SELECT user_id, status FROM seckill_order_rejection"
                + " WHERE activity_id = " + activityId + ") o WHERE status IN ('PENDING_PAYMENT', 'PAID')"
                + " GROUP BY user_id HAVING COUNT(*) > 1) twice");
    }

    public AuditReport audit(long activityId) {
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
