package io.github.seckill.redis;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.StockGiveBack;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A settlement process with no admission engine: the settler and the lifecycle give units back straight to the Redis
 * backend through {@link StockGiveBack#through}, and the units are sold again.
 */
@WithRedis
class SettlerWithoutEngineTest {

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @Test
    void unitsTheLedgerTurnsAwayOrReleasesGoBackToRedis() throws Exception {
        SeckillRedis backend = Topology.STANDALONE_COALESCED.open(redis);
        AdmissionGate gate = backend.admissionGate();
        long activity = Tck.uniqueId();
        long now = System.currentTimeMillis();
        gate.stock().load(activity, new long[] {2});
        InMemoryStockLedger ledger = new InMemoryStockLedger();
        ledger.defineActivity(OpenWindow.at(Instant.ofEpochMilli(now)).ledgerActivity(activity, activity, 2,
                Duration.ofMinutes(5)));
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        StockGiveBack toRedis = StockGiveBack.through(gate);
        try (OrderSettler settler = OrderSettler.builder(queue, ledger).givingBackTo(toRedis).start()) {
            // Two admissions made by an engine elsewhere; the ledger already holds another order of user 2.
            AdmissionDecision first = admit(gate, activity, 1, 101, now);
            AdmissionDecision second = admit(gate, activity, 2, 102, now);
            assertThat(gate.stock().remaining(activity)).containsExactly(0);
            OrderMessage earlier = order(999).activity(activity).user(2).noShard().admittedAt(now).build();
            ledger.fail(java.util.List.of(earlier), "an earlier order");

            publish(queue, order(first.orderId()).activity(activity).user(1).shard(first.shard()).admittedAt(now)
                    .build());
            publish(queue, order(second.orderId()).activity(activity).user(2).shard(second.shard()).admittedAt(now)
                    .build());
            assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();

            assertThat(ledger.findOrder(first.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
            assertThat(ledger.findOrder(second.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
            assertThat(gate.stock().remaining(activity)).as("the turned-away order's unit is back in Redis")
                    .containsExactly(1);

            OrderLifecycle lifecycle = OrderLifecycle.builder(toRedis, ledger).build();
            assertThat(lifecycle.paymentFailed(first.orderId()).released()).isTrue();
            assertThat(Arrays.stream(gate.stock().remaining(activity)).sum()).as("the released unit too")
                    .isEqualTo(2);
            assertThat(admit(gate, activity, 3, 103, now).admitted()).as("sold again").isTrue();
        }
    }

    private static AdmissionDecision admit(AdmissionGate gate, long activity, long user, long orderId, long now) {
        return gate.admit(new AdmissionRequest(activity, user, "r" + user, orderId, 1, ShardPlan.probing(0), now,
                now + 10_000, now + 3_600_000));
    }

    private static void publish(InMemoryOrderQueue queue, OrderMessage message) {
        CompletableFuture<Void> published = queue.publish(message, (m, cause) -> {
            throw new AssertionError("not queued: " + cause);
        }).toCompletableFuture();
        assertThat(published).isCompleted();
    }
}
