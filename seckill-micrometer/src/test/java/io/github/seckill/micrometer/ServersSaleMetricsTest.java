package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The same promise on Redis, a Kafka topic of three partitions and MariaDB: the meters count what the sale did and
 * what the ledger holds, the lag of every partition is reported and falls to zero once the queue drained, and the
 * audit of Redis against the ledger reads 0 oversold.
 */
@WithRedis
@WithKafka
@WithMariaDb
class ServersSaleMetricsTest {

    private static final int STOCK = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void theMetersCountWhatTheSaleDidOnRealServers(RedisEndpoint redisServer, KafkaEndpoint kafkaServer,
            MariaDbEndpoint db) throws Exception {
        MockClock clock = new MockClock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        Meters meters = new Meters(registry);
        SeckillMetrics metrics = SeckillMetrics.create(registry);
        RedisClient client = RedisClient.create(redisServer.uri());
        MariaDbEndpoint fresh = db.createFreshDatabase("metrics");
        KafkaQueueOptions options = KafkaQueueOptions.builder("metrics-" + Tck.uniqueId())
                .publishTimeout(Duration.ofSeconds(10)).listener(metrics).build();
        SeckillKafka kafka = SeckillKafka.create(kafkaServer.bootstrapServers());
        kafka.createTopics(options, 3, (short) 1);
        try (SeckillRedis redis = SeckillRedis.builder(client).keyPrefix("metrics" + Tck.uniqueId()).build();
                HikariDataSource pool = MySqlDataSources.hikari(fresh.jdbcUrl(), fresh.user(), fresh.password());
                OrderQueue queue = kafka.orderQueue(options)) {
            SeckillMySql mysql = SeckillMySql.builder(pool).listener(MySqlLedgerMetrics.of(metrics)).build();
            mysql.migrate();
            StockLedger ledger = mysql.stockLedger();
            try (FlashSale sale = FlashSale.builder(redis.admissionGate(), queue).publishTimeout(Duration.ofSeconds(10))
                    .listener(metrics).build();
                    OrderSettler settler = OrderSettler.builder(queue, ledger).consumers(2).givingBackTo(sale)
                            .listener(metrics).start();
                    OrderLifecycle lifecycle = OrderLifecycle.builder(sale, ledger).admission(redis.admissionGate())
                            .listener(metrics).build()) {
                ActivityConfig config = OpenWindow.now().activity(Tck.uniqueId()).stock(STOCK).shards(4).build();
                long id = config.activityId();
                String activity = Long.toString(id);
                ledger.defineActivity(config.toLedgerActivity());
                sale.launch(config);
                metrics.watch(id, ActivitySources.builder().sale(sale).ledger(ledger)
                        .auditor(Auditor.of(ledger, redis.admissionGate(), Duration.ofSeconds(60))).build());

                AtomicInteger attempts = new AtomicInteger();
                AtomicInteger admitted = new AtomicInteger();
                buy(sale, id, 1, 300, attempts, admitted);
                awaitOrders(ledger, id, STOCK);
                List<Long> orders = ledger.orders(id, 0, STOCK).stream().map(o -> o.orderId()).toList();
                for (long order : orders.subList(0, 60)) {
                    lifecycle.paymentSucceeded(order);
                }
                for (long order : orders.subList(60, 80)) {
                    assertThat(lifecycle.paymentFailed(order).released()).isTrue();
                }
                buy(sale, id, 1_001, 1_050, attempts, admitted);
                awaitOrders(ledger, id, STOCK + 20);

                assertThat(admitted).hasValue(STOCK + 20);
                assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", activity)).isEqualTo(attempts.get());
                assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", activity, "outcome", "ADMITTED"))
                        .isEqualTo(admitted.get());
                assertThat(meters.count(SeckillMeter.ATTEMPTS, "outcome", "failed")).isZero();
                assertThat(meters.count(SeckillMeter.ADMITTED, "activity", activity, "replayed", "false"))
                        .isEqualTo(total(ledger, id));
                assertThat(meters.timer(SeckillMeter.PUBLISH_DURATION, "activity", activity, "outcome", "durable")
                        .count()).isEqualTo(admitted.get());
                // The settled event follows the ledger's commit on the consumer's thread.
                await("settled counter catches up with the ledger", () -> meters.count(SeckillMeter.SETTLED,
                        "outcome", "LOCKED") == total(ledger, id));
                assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "SOLD_OUT"))
                        .isEqualTo(rows(ledger, id, OrderStatus.SOLD_OUT));
                assertThat(meters.count(SeckillMeter.ORDER_UPDATES, "activity", activity, "state", "PAID"))
                        .isEqualTo(rows(ledger, id, OrderStatus.PAID)).isEqualTo(60);
                assertThat(meters.count(SeckillMeter.GIVE_BACKS, "activity", activity, "outcome", "restored"))
                        .isEqualTo(rows(ledger, id, OrderStatus.CLOSED)).isEqualTo(20);

                // Every partition's lag is reported, and reads zero once the consumers caught up.
                for (String partition : List.of("0", "1", "2")) {
                    await("lag of partition " + partition + " reaches 0", () -> meters.hasGauge(SeckillMeter.QUEUE_LAG,
                            "group", options.consumerGroup(), "partition", partition)
                            && meters.gauge(SeckillMeter.QUEUE_LAG, "group", options.consumerGroup(), "partition",
                                    partition) == 0);
                }

                clock.add(Duration.ofMinutes(2));
                StockSnapshot stock = ledger.stock(id).orElseThrow();
                assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", activity, "state", "sold"))
                        .isEqualTo(stock.sold()).isEqualTo(60);
                assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", activity, "state", "locked"))
                        .isEqualTo(stock.locked());
                assertThat(meters.gauge(SeckillMeter.ADMISSION_REMAINING, "activity", activity))
                        .isEqualTo(LongStream.of(sale.remaining(id)).sum());
                assertThat(meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", activity)).isZero();
                assertThat(meters.gauge(SeckillMeter.AUDIT_VIOLATIONS, "activity", activity)).isZero();
                assertThat(meters.count(SeckillMeter.POLL_FAILURES, "activity", activity)).isZero();
            }
        } finally {
            client.shutdown();
        }
    }

    private static void buy(FlashSale sale, long id, long fromUser, long toUser, AtomicInteger attempts,
            AtomicInteger admitted) throws Exception {
        ExecutorService buyers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(buyers.submit(() -> LongStream.rangeClosed(fromUser, toUser).filter(u -> u % 4 == thread)
                        .forEach(u -> {
                            attempts.incrementAndGet();
                            AttemptResult r = sale.attempt(id, u, "r" + u);
                            if (r.isAdmitted()) {
                                admitted.incrementAndGet();
                            }
                        })));
            }
            for (Future<?> f : done) {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            buyers.shutdownNow();
        }
    }

    private static long total(StockLedger ledger, long id) {
        return ledger.countOrders(id).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long rows(StockLedger ledger, long id, OrderStatus status) {
        return ledger.countOrders(id).getOrDefault(status, 0L);
    }

    private static void awaitOrders(StockLedger ledger, long id, long orders) throws InterruptedException {
        await(orders + " orders in the ledger", () -> total(ledger, id) >= orders);
        assertThat(total(ledger, id)).isEqualTo(orders);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
