package io.github.seckill.example.healing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderIdConflictException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardView;
import io.github.seckill.shard.StockShardStrategy;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Two engines forced onto the same order ids (two JVMs that drew one worker id): a second buyer is never merged into
 * the first buyer's order. Redis refuses the colliding id where it sees it; where it cannot (the other shard), the
 * ledger records the second order as a conflict, which its buyer reads as failed and cannot pay with the first
 * buyer's order.
 */
@WithRedis
@WithKafka
@WithMariaDb
class WorkerIdCollisionTest {

    private static final long FIRST_ID = 900_000_000_000L;

    @Test
    void onOneShardTheSecondBuyerIsRefusedWithAClearError(RedisEndpoint redis, KafkaEndpoint kafka,
            MariaDbEndpoint db) throws Exception {
        try (SaleRig rig = new SaleRig(redis.uri(), kafka.bootstrapServers(), db,
                SaleRig.Tuning.defaults().withEngine(b -> b.orderIds(sameIds())))) {
            ActivityConfig activity = rig.launch(10, 1);
            try (FlashSale twin = FlashSale.builder(rig.redis.admissionGate(), rig.queue).orderIds(sameIds())
                    .build()) {
                twin.launch(activity);
                AttemptResult.Admitted first = (AttemptResult.Admitted) rig.sale.attempt(activity.activityId(), 1,
                        "r");
                assertThat(first.orderId()).isEqualTo(FIRST_ID + 1);
                assertThatThrownBy(() -> twin.attempt(activity.activityId(), 2, "r"))
                        .isInstanceOf(OrderIdConflictException.class);
                assertThat(twin.attempt(activity.activityId(), 2, "retry").isAdmitted())
                        .as("the next id is free").isTrue();
            }
            awaitOrders(rig, activity.activityId(), 2);
            assertThat(rig.ledger.findOrder(FIRST_ID + 1).orElseThrow().userId()).isEqualTo(1);
            assertThat(rig.audit(activity.activityId()).violations()).isEmpty();
        }
    }

    @Test
    void onAnotherShardTheLedgerRecordsAConflictNeverAMergedOrder(RedisEndpoint redis, KafkaEndpoint kafka,
            MariaDbEndpoint db) throws Exception {
        try (SaleRig rig = new SaleRig(redis.uri(), kafka.bootstrapServers(), db,
                SaleRig.Tuning.defaults().withEngine(b -> b.orderIds(sameIds())))) {
            ActivityConfig activity = OpenWindow.now().activity(Tck.uniqueId()).stock(10).shards(2)
                    .strategy(new Alternating()).build();
            long id = activity.activityId();
            rig.ledger.defineActivity(activity.toLedgerActivity());
            rig.sale.launch(activity);
            try (FlashSale twin = FlashSale.builder(rig.redis.admissionGate(), rig.queue).orderIds(sameIds())
                    .build()) {
                twin.launch(activity);
                AttemptResult.Admitted first = (AttemptResult.Admitted) rig.sale.attempt(id, 1, "r");
                AttemptResult.Admitted second = (AttemptResult.Admitted) twin.attempt(id, 2, "r");
                assertThat(second.orderId()).as("the same id, on the other shard").isEqualTo(first.orderId());
                assertThat(second.shard()).isNotEqualTo(first.shard());
            }
            long orderId = FIRST_ID + 1;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rig.ledger.findOrder(orderId, 2).isEmpty()) {
                assertThat(System.nanoTime()).as("both orders settled").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(rig.ledger.findOrder(orderId).orElseThrow().userId()).as("the row stays the first buyer's")
                    .isEqualTo(1);
            assertThat(rig.ledger.findOrder(orderId, 1).orElseThrow().status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
            assertThat(rig.ledger.findOrder(orderId, 2).orElseThrow().status())
                    .as("the second buyer reads an explicit failure").isEqualTo(OrderStatus.FAILED);
            assertThatThrownBy(() -> rig.lifecycle.paymentSucceeded(orderId, 2))
                    .as("and cannot pay the first buyer's order").isInstanceOf(InvalidRequestException.class);
            assertThat(rig.lifecycle.poll(orderId, 2).status()).isEqualTo(OrderStatus.FAILED);
            assertThat(rig.number("SELECT locked FROM seckill_activity WHERE activity_id = " + id)).isEqualTo(1);
            assertThat(rig.usersHoldingTwo(id)).isZero();
        }
    }

    /** Ids from the same start on every engine: what two JVMs with one worker id issue. */
    private static OrderIdGenerator sameIds() {
        AtomicLong next = new AtomicLong(FIRST_ID);
        return next::incrementAndGet;
    }

    private static void awaitOrders(SaleRig rig, long activity, long orders) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rig.number("SELECT COUNT(*) FROM seckill_order WHERE activity_id = " + activity) < orders) {
            assertThat(System.nanoTime()).as("orders settled").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Shard 0, then shard 1, then shard 0...: the two buyers land on different shards. */
    private static final class Alternating implements StockShardStrategy {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public ShardPlan plan(ShardView view, RandomGenerator random) {
            return ShardPlan.probing(calls.getAndIncrement() % 2);
        }

        @Override
        public String name() {
            return "alternating";
        }
    }
}
