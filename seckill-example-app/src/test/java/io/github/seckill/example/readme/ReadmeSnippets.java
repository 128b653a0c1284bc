package io.github.seckill.example.readme;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.engine.DrainReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.LeasedWorkerId;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.ShardView;
import io.github.seckill.shard.StockShardStrategy;
import io.github.seckill.status.OrderUpdates;
import io.github.seckill.status.StatusPublisher;
import io.github.seckill.tck.AdmissionGateContractTest;
import io.github.seckill.tck.StockShardStrategyContractTest;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithRedis;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's Java snippets, compiled: {@link ReadmeSnippetsTest} checks that every {@code java} block of the README
 * is one of the regions between {@code // tag::name[]} and {@code // end::name[]} here, so neither can drift.
 */
final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    /** The in-memory quick start, run by the test. */
    @SuppressWarnings("unused")
    static AttemptResult inMemory(int workerId, Instant startsAt, Instant endsAt, ScheduledExecutorService scheduler,
            long userId, String requestId) throws Exception {
        // tag::in-memory[]
        InMemorySeckill backend = InMemorySeckill.create();            // or the Redis / Kafka / MySQL backends
        FlashSale sale = FlashSale.builder(backend.admissionGate(), backend.orderQueue())
                .orderIds(OrderIdGenerator.snowflake(workerId))        // one worker id per JVM
                .build();
        ActivityConfig activity = ActivityConfig.builder(888)
                .stock(1_000)
                .window(startsAt, endsAt)
                .shards(4)
                .strategy(ShardStrategies.stealing())
                .paymentTimeout(Duration.ofMinutes(5))
                .build();
        backend.stockLedger().defineActivity(activity.toLedgerActivity());
        sale.launch(activity);                                          // warms stock up once, never re-opens a sale
        OrderSettler settler = OrderSettler.builder(backend.orderQueue(), backend.stockLedger())
                .givingBackTo(sale).start();                            // orders the ledger turns away are sold again
        OrderLifecycle lifecycle = OrderLifecycle.builder(sale, backend.stockLedger()).build();
        lifecycle.scheduleSweeps(scheduler, Duration.ofSeconds(5));    // closes unpaid orders, sells their units again

        AttemptResult result = sale.attempt(888, userId, requestId);   // same requestId again = same answer, same id
        if (result instanceof AttemptResult.Admitted admitted) {
            // queued: the buyer polls lifecycle.poll(admitted.orderId()) until the ledger has the order
        }
        // end::in-memory[]
        settler.close();
        sale.close();
        return result;
    }

    /** The production backends: compiled, not run (they need real servers). */
    @SuppressWarnings("unused")
    static void productionBackends(RedisClient redisClient, String jdbcUrl, String user, String password,
            int workerId) {
        // tag::production[]
        SeckillRedis redis = SeckillRedis.create(redisClient);               // or a RedisClusterClient
        SeckillKafka kafka = SeckillKafka.create("k1:9092,k2:9092");
        KafkaQueueOptions orders = KafkaQueueOptions.builder("seckill-orders").build();
        kafka.createTopics(orders, 12, (short) 3);
        OrderQueue queue = kafka.orderQueue(orders);
        DataSource pool = MySqlDataSources.hikari(jdbcUrl, user, password);  // needs HikariCP, or bring your own pool
        SeckillMySql mysql = SeckillMySql.create(pool);
        mysql.migrate();                                                      // versioned DDL, safe on every start

        FlashSale sale = FlashSale.builder(redis.admissionGate(), queue)
                .orderIds(OrderIdGenerator.snowflake(workerId))
                .build();
        OrderSettler settler = OrderSettler.builder(queue, mysql.stockLedger())
                .consumers(2)
                .givingBackTo(sale)
                .start();
        // end::production[]
    }

    /** Reconciliation, leased worker ids and degraded admission: compiled, not run. */
    @SuppressWarnings("unused")
    static FlashSale selfHealing(SeckillRedis redis, OrderQueue queue, SeckillMySql mysql,
            ScheduledExecutorService scheduler) {
        // tag::self-healing[]
        Reconciler reconciler = Reconciler.builder(redis.admissionGate(), mysql.stockLedger())
                .queue(queue)                                     // republishes stranded admissions
                .leases(mysql.leaseStore())                       // one run per activity at a time, across instances
                .build();
        reconciler.schedule(scheduler, Duration.ofSeconds(5));
        LeasedWorkerId worker = LeasedWorkerId.acquire(mysql.leaseStore(), scheduler);
        FlashSale sale = FlashSale.builder(redis.admissionGate(), queue)
                .orderIds(worker.orderIds())                      // no two JVMs share a worker id
                .reconciler(reconciler)                           // launches load from the ledger
                .degradedAdmission(DegradedAdmission.builder()
                        .mode(DegradedAdmission.Mode.RANDOM_GATE)     // while Redis' breaker is open
                        .build())
                .build();
        // end::self-healing[]
        return sale;
    }

    /** The waitlist, pushed updates, cancels, pacing and the drain: compiled, not run. */
    @SuppressWarnings("unused")
    static DrainReport lifecycle(SeckillRedis redis, OrderQueue queue, SeckillMySql mysql, long orderId,
            long userId) throws Exception {
        // tag::lifecycle[]
        SeckillListener push = StatusPublisher.to(redis.statusFeed());     // order updates on Redis pub/sub
        FlashSale sale = FlashSale.builder(redis.admissionGate(), queue)
                .waitlist(redis.waitlist()).listener(push).build();
        sale.launch(ActivityConfig.builder(888).stock(500).shards(4)
                .waitlist(2_000)                                         // GiveBackPolicy.WAITLIST_FIRST
                .paymentTimeout(Duration.ofMinutes(5)).build());
        OrderSettler settler = OrderSettler.builder(queue, mysql.stockLedger())
                .givingBackTo(sale).listener(push)
                .maxSettleRate(1_000)                                    // orders per second into the ledger
                .start();
        OrderLifecycle lifecycle = OrderLifecycle.builder(sale, mysql.stockLedger())
                .admission(redis.admissionGate()).listener(push)
                .sweepEvery(Duration.ofSeconds(5)).build();              // releases timed-out orders

        JoinResult joined = sale.joinWaitlist(888, userId);              // after a SOLD_OUT answer
        OrderUpdates updates = new OrderUpdates(redis.statusFeed(), mysql.stockLedger());
        AutoCloseable watch = updates.watch(888, orderId, update -> { /* to the buyer's websocket */ });
        lifecycle.cancel(orderId, userId);                               // the buyer's own cancel
        lifecycle.cancelByOperator(orderId, "risk: bot pattern");        // pending or paid (then refunded)

        // Stopping an instance: refuse new attempts, settle what was admitted, a last sweep, close.
        return sale.drain().sweeping(lifecycle).thenClosing(settler, lifecycle).run(Duration.ofSeconds(30));
        // end::lifecycle[]
    }

    /** A strategy of one's own, for the snippet that binds the contract suite to it. */    /** A strategy of one's own, for the snippet that binds the contract suite to it. */
    static final class MyStrategy implements StockShardStrategy {
        @Override
        public ShardPlan plan(ShardView view, RandomGenerator random) {
            return ShardPlan.probing(random.nextInt(view.shardCount()));
        }

        @Override
        public String name() {
            return "mine";
        }
    }

    // tag::custom-strategy[]
    class MyStrategyTest extends StockShardStrategyContractTest {
        @Override
        protected StockShardStrategy createStrategy() {
            return new MyStrategy();
        }
    }
    // end::custom-strategy[]

    /** The configurations of a backend of one's own, for the snippet that binds a suite over them. */
    enum MyTopology {
        SINGLE, REPLICATED;

        AdmissionGate gate() {
            return InMemorySeckill.create().admissionGate();
        }
    }

    // tag::suite-over-configurations[]
    @ParameterizedClass(name = "{0}")
    @EnumSource(MyTopology.class)
    class MyGateContractTest extends AdmissionGateContractTest {
        @Parameter
        MyTopology topology;

        @Override
        protected AdmissionGate createGate() {
            return topology.gate();
        }
    }
    // end::suite-over-configurations[]

    // tag::with-redis[]
    @WithRedis
    class MyRedisTest {
        @Test
        void admitsOnRealRedis(RedisEndpoint redis) {
            SeckillRedis backend = SeckillRedis.create(RedisClient.create(redis.uri()));
            AdmissionGate gate = backend.admissionGate();
            // the test
        }
    }
    // end::with-redis[]
}
