package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.engine.AdmissionThrottle;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.shard.ShardStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole admission path ({@link FlashSale} engine, built-in strategies, queue hand-off) on the gate under test.
 * Extend it and implement {@link #createGate()}.
 */
public abstract class FlashSaleContractTest {

    /** The gate under test, fresh for each test. */
    protected AdmissionGate gate;

    /** @return a gate under test */
    protected abstract AdmissionGate createGate();

    @BeforeEach
    void setUpGate() {
        gate = createGate();
    }

    static Stream<Arguments> strategiesAndShards() {
        return Stream.of("polling", "bitmap", "stealing").flatMap(s -> Arrays.stream(Tck.SHARD_COUNTS)
                .mapToObj(n -> Arguments.of(s, n)));
    }

    /** Every built-in strategy sells exactly the stock, once per user, at every shard count. */
    @ParameterizedTest(name = "{0}, {1} shards")
    @MethodSource("strategiesAndShards")
    void sellsExactlyTheStockOncePerUser(String strategy, int shards) throws Exception {
        FlashSaleScenario.Outcome o =
                FlashSaleScenario.run(gate, ShardStrategies.byName(strategy), shards, true);
        assertThat(o.admittedUsers()).isEqualTo(Tck.STOCK);
        assertThat(o.admittedAnswers() + o.soldOutAnswers() + o.duplicateAnswers()).isEqualTo(Tck.USERS * 3L);
        assertThat(o.admittedAnswers()).as("first answers plus replays").isGreaterThanOrEqualTo(Tck.STOCK);
    }

    private ActivityConfig.Builder activity(long stock) {
        return OpenWindow.now().activity(Tck.uniqueId()).stock(stock).shards(2);
    }

    @Test
    void answersNotStartedAndEndedWithoutTouchingStock() {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        ActivityConfig future = activity(10).window(Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200))
                .build();
        ActivityConfig past = activity(10).window(Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600))
                .build();
        try (FlashSale sale = FlashSale.builder(gate, queue).build()) {
            sale.launch(future);
            sale.launch(past);
            assertThat(sale.attempt(future.activityId(), 1, "r1").outcome())
                    .isEqualTo(AttemptResult.Outcome.NOT_STARTED);
            assertThat(sale.attempt(past.activityId(), 1, "r1").outcome()).isEqualTo(AttemptResult.Outcome.ENDED);
            assertThat(sale.remaining(future.activityId())).containsExactly(5, 5);
            assertThat(sale.remaining(past.activityId())).containsExactly(5, 5);
        }
        assertThat(queue.unacknowledged()).isZero();
    }

    @Test
    void rejectsBadInputWithTypedErrorsAndChangesNothing() {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        ActivityConfig config = activity(10).build();
        try (FlashSale sale = FlashSale.builder(gate, queue).build()) {
            sale.launch(config);
            long id = config.activityId();
            assertThatThrownBy(() -> sale.attempt(id, 0, "r1"))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("userId"));
            assertThatThrownBy(() -> sale.attempt(id, 1, ""))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("requestId"));
            assertThatThrownBy(() -> sale.attempt(id, 1, "has space"))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> sale.attempt(id, 1, "x".repeat(65)))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> sale.attempt(id, 1, "r1", 2))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("quantity"));
            assertThatThrownBy(() -> sale.attempt(id + 1_000_000, 1, "r1"))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("activityId"));
            assertThat(sale.remaining(id)).containsExactly(5, 5);
            assertThat(sale.attempt(id, 1, "r1").isAdmitted()).isTrue();
        }
        assertThat(queue.unacknowledged()).isEqualTo(1);
    }

    @Test
    void throttledAttemptsTouchNoStock() {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        ActivityConfig config = activity(10).build();
        try (FlashSale sale = FlashSale.builder(gate, queue).throttle(AdmissionThrottle.passRatio(0)).build()) {
            sale.launch(config);
            assertThat(sale.attempt(config.activityId(), 1, "r1").outcome())
                    .isEqualTo(AttemptResult.Outcome.THROTTLED);
            assertThat(sale.remaining(config.activityId())).containsExactly(5, 5);
        }
    }

    @Test
    void launchingTwiceAddsNoStock() {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        ActivityConfig config = activity(2).shards(1).build();
        try (FlashSale sale = FlashSale.builder(gate, queue).build();
                FlashSale other = FlashSale.builder(gate, queue).build()) {
            sale.launch(config);
            sale.attempt(config.activityId(), 1, "r1");
            sale.attempt(config.activityId(), 2, "r1");
            other.launch(config);
            assertThat(other.remaining(config.activityId())).containsExactly(0);
            assertThat(other.isSoldOut(config.activityId())).isTrue();
            assertThat(other.attempt(config.activityId(), 3, "r1").outcome())
                    .isEqualTo(AttemptResult.Outcome.SOLD_OUT);
        }
    }

    /** An admitted order the queue refuses is never answered "admitted": its stock and the user's slot come back. */
    @Test
    void refusedOrdersAreCompensated() throws Exception {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().capacity(1).build();
        ActivityConfig config = activity(10).shards(1).build();
        long id = config.activityId();
        try (FlashSale sale = FlashSale.builder(gate, queue).build()) {
            sale.launch(config);
            assertThat(sale.attempt(id, 1, "r1").isAdmitted()).isTrue();
            assertThatThrownBy(() -> sale.attempt(id, 2, "r1"))
                    .isInstanceOfSatisfying(OrderNotQueuedException.class,
                            e -> assertThat(e.order().userId()).isEqualTo(2));
            assertThat(sale.remaining(id)).containsExactly(9);
            try (QueueConsumer drain = queue.consume(batch -> { })) {
                assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
            }
            AttemptResult retried = sale.attempt(id, 2, "r2");
            assertThat(retried.isAdmitted()).isTrue();
            assertThat(sale.remaining(id)).containsExactly(8);
        }
    }

    @Test
    void asyncAttemptsAnswerLikeSyncOnes() throws Exception {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        ActivityConfig config = activity(1).shards(1).build();
        long id = config.activityId();
        try (FlashSale sale = FlashSale.builder(gate, queue).build()) {
            sale.launch(config);
            AttemptResult first = sale.attemptAsync(id, 1, "r1", 1).toCompletableFuture().get();
            AttemptResult replay = sale.attemptAsync(id, 1, "r1", 1).toCompletableFuture().get();
            AttemptResult other = sale.attemptAsync(id, 2, "r1", 1).toCompletableFuture().get();
            assertThat(first.isAdmitted()).isTrue();
            assertThat(((AttemptResult.Admitted) replay).orderId()).isEqualTo(((AttemptResult.Admitted) first).orderId());
            assertThat(((AttemptResult.Admitted) replay).replayed()).isTrue();
            assertThat(other.outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            assertThat(sale.attemptAsync(id, 0, "r1", 1).toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(InvalidRequestException.class);
        }
    }
}
