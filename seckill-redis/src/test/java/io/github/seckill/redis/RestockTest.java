package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import io.lettuce.core.KillArgs;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two engines on two backends (two JVMs in production) share one Redis: stock given back on one reopens the activity
 * on the other, whose local sold-out flag was up.
 */
@WithRedis
@WithRedisCluster
class RestockTest {

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
    void stockGivenBackOnOneJvmReopensTheOther(Topology topology) {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        ActivityConfig config = OpenWindow.now().activity(Tck.uniqueId()).stock(1).shards(1).build();
        long id = config.activityId();
        // Two JVMs of one deployment: each needs its own order id worker, or their ids could collide.
        try (FlashSale one = FlashSale.builder(topology.open(redis).admissionGate(), queue)
                        .orderIds(OrderIdGenerator.snowflake(1)).build();
                FlashSale other = FlashSale.builder(topology.open(redis).admissionGate(), queue)
                        .orderIds(OrderIdGenerator.snowflake(2)).build()) {
            one.launch(config);
            other.launch(config);
            AttemptResult.Admitted sold = (AttemptResult.Admitted) one.attempt(id, 1, "r1");
            assertThat(other.attempt(id, 2, "r1").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            assertThat(other.isSoldOut(id)).isTrue();

            assertThat(one.giveBack(new HeldUnits(id, 1, sold.orderId(), sold.shard(), 1))).isTrue();
            awaitTrue(() -> !other.isSoldOut(id), "the other JVM reopens after a restore");
            assertThat(other.attempt(id, 2, "r2").isAdmitted()).isTrue();

            assertThat(other.attempt(id, 3, "r1").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            awaitTrue(() -> other.isSoldOut(id), "sold out again");
            one.addStock(id, 0, 1, "restock-test");
            awaitTrue(() -> !other.isSoldOut(id), "the other JVM reopens after stock is added");
            assertThat(other.attempt(id, 3, "r2").isAdmitted()).isTrue();
        }
    }

    /** Messages sent while a subscription is down are lost, so a re-subscription reopens every known activity. */
    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
    void aLostSubscriptionReopensEveryKnownActivity(Topology topology) {
        SeckillRedis backend = topology.open(redis);
        ActivityConfig config = OpenWindow.now().activity(Tck.uniqueId()).stock(0).build();
        try (FlashSale sale = FlashSale.builder(backend.admissionGate(), InMemoryOrderQueue.builder().build())
                .build()) {
            sale.launch(config);
            assertThat(sale.isSoldOut(config.activityId())).isTrue();

            RawRedis.of(backend).onEveryNode(node -> node.clientKill(KillArgs.Builder.typePubsub()));
            awaitTrue(() -> !sale.isSoldOut(config.activityId()), "reopened after re-subscribing");
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
