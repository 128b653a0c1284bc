package io.github.seckill.example.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.status.OrderUpdates;
import io.github.seckill.status.StatusPublisher;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two instances on their own connections: A admits and has the buyer's push subscription, B settles and takes the
 * payment. The buyer connected to A hears every status B sets, each within a second.
 */
@WithRedis
@WithKafka
@WithMariaDb
class StatusPushAcrossInstancesTest {

    @Test
    void aBuyerOnOneInstanceHearsWhatAnotherInstanceDidWithinASecond(RedisEndpoint redis, KafkaEndpoint kafka,
            MariaDbEndpoint db) throws Exception {
        String prefix = "push" + Tck.uniqueId();
        MariaDbEndpoint fresh = db.createFreshDatabase("push");
        RedisClient clientA = RedisClient.create(redis.uri());
        RedisClient clientB = RedisClient.create(redis.uri());
        SeckillKafka brokers = SeckillKafka.create(kafka.bootstrapServers());
        KafkaQueueOptions options = KafkaQueueOptions.builder("push-" + Tck.uniqueId()).build();
        brokers.createTopics(options, 2, (short) 1);
        try (HikariDataSource pool = MySqlDataSources.hikari(fresh.jdbcUrl(), fresh.user(), fresh.password());
                SeckillRedis redisA = SeckillRedis.builder(clientA).keyPrefix(prefix).build();
                SeckillRedis redisB = SeckillRedis.builder(clientB).keyPrefix(prefix).build();
                OrderQueue queueA = brokers.orderQueue(options);
                OrderQueue queueB = brokers.orderQueue(options)) {
            SeckillMySql mysql = SeckillMySql.create(pool);
            mysql.migrate();
            StockLedger ledger = mysql.stockLedger();
            ActivityConfig activity = OpenWindow.now().activity(Tck.uniqueId()).stock(10).build();
            ledger.defineActivity(activity.toLedgerActivity());
            long id = activity.activityId();

            // Instance A: admission, and the buyer's push connection.
            BlockingQueue<OrderUpdate> heard = new LinkedBlockingQueue<>();
            try (FlashSale saleA = FlashSale.builder(redisA.admissionGate(), queueA)
                            .listener(StatusPublisher.to(redisA.statusFeed())).build();
                    OrderUpdates updatesA = new OrderUpdates(redisA.statusFeed(), ledger);
                    // Instance B: settlement and payments, publishing on its own connection.
                    FlashSale saleB = FlashSale.builder(redisB.admissionGate(), queueB).build();
                    OrderSettler settlerB = OrderSettler.builder(queueB, ledger).givingBackTo(saleB)
                            .listener(StatusPublisher.to(redisB.statusFeed())).start();
                    OrderLifecycle lifecycleB = OrderLifecycle.builder(saleB, ledger)
                            .listener(StatusPublisher.to(redisB.statusFeed())).build()) {
                saleA.launch(activity);
                saleB.launch(activity);
                try (AutoCloseable watch = updatesA.watchActivity(id, heard::add)) {
                    AttemptResult.Admitted admitted = (AttemptResult.Admitted) saleA.attempt(id, 7, "r7");
                    long order = admitted.orderId();
                    OrderUpdate queued = next(heard);
                    assertThat(queued).as("A's own admission")
                            .isEqualTo(new OrderUpdate(id, order, 7, OrderState.QUEUED, queued.atMillis()));
                    // B's consumer may take a few seconds to join its group; the push itself is what is timed.
                    OrderUpdate settled = heard.poll(30, TimeUnit.SECONDS);
                    long heardAt = System.currentTimeMillis();
                    assertThat(settled).isNotNull();
                    assertThat(settled.state()).as("settled by B").isEqualTo(OrderState.PENDING_PAYMENT);
                    assertThat(heardAt - settled.atMillis()).as("from B's settlement to A's buyer, ms")
                            .isLessThan(1_000);
                    assertThat(settled.orderId()).isEqualTo(order);
                    long paidAt = System.nanoTime();
                    lifecycleB.paymentSucceeded(order, 7);
                    OrderUpdate paid = next(heard);
                    assertThat(Duration.ofNanos(System.nanoTime() - paidAt)).isLessThan(Duration.ofSeconds(1));
                    assertThat(paid).isEqualTo(new OrderUpdate(id, order, 7, OrderState.PAID, paid.atMillis()));
                }
                assertThat(updatesA.activeActivities()).isZero();
                List<OrderUpdate> late = new java.util.ArrayList<>();
                heard.drainTo(late);
                assertThat(late).as("nothing after the watch ended, nothing twice").isEmpty();
            }
        } finally {
            clientA.shutdown();
            clientB.shutdown();
        }
    }

    /** @return the next update, within a second */
    private static OrderUpdate next(BlockingQueue<OrderUpdate> heard) throws InterruptedException {
        OrderUpdate u = heard.poll(1, TimeUnit.SECONDS);
        assertThat(u).as("an update within a second").isNotNull();
        return u;
    }
}
