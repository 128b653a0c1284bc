package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.Optional;
import io.github.seckill.admission.RestockListener;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.TakeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Engine behaviour that does not depend on the backend: flags, degraded mode, compensation rules, events. */
class FlashSaleTest {

    private final InMemorySeckill memory = InMemorySeckill.create();
    private final CountingGate gate = new CountingGate(memory.admissionGate());
    private final InMemoryOrderQueue queue = memory.orderQueue();
    private final RecordingListener events = new RecordingListener();

    private static ActivityConfig activity(long id, long stock, int shards) {
        return ActivityConfig.builder(id).stock(stock).shards(shards).strategy(ShardStrategies.stealing())
                .window(Instant.now().minusSeconds(10), Instant.now().plusSeconds(3600)).build();
    }

    @Test
    void raisesTheSoldOutFlagAndThenAnswersWithoutTheBackend() {
        try (FlashSale sale = FlashSale.builder(gate, queue).listener(events).build()) {
            sale.launch(activity(1, 2, 2));
            assertThat(sale.attempt(1, 1, "a").isAdmitted()).isTrue();
            assertThat(sale.attempt(1, 2, "a").isAdmitted()).isTrue();
            assertThat(sale.isSoldOut(1)).isFalse();
            assertThat(sale.attempt(1, 3, "a").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            assertThat(sale.isSoldOut(1)).isTrue();
            assertThat(events.soldOut).containsExactly(1L);
            int calls = gate.admits.get();
            for (int u = 4; u < 1_000; u++) {
                assertThat(sale.attempt(1, u, "a").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            }
            assertThat(gate.admits.get()).isEqualTo(calls);
        }
    }

    @Test
    void aRestoredOrderReopensTheActivity() {
        try (FlashSale sale = FlashSale.builder(gate, queue).listener(events).build()) {
            sale.launch(activity(1, 1, 1));
            AttemptResult.Admitted first = (AttemptResult.Admitted) sale.attempt(1, 1, "a");
            sale.attempt(1, 2, "a");
            assertThat(sale.isSoldOut(1)).isTrue();
            HeldUnits units = new HeldUnits(1, 1, first.orderId(), first.shard(), 1);
            assertThat(sale.giveBack(units)).isTrue();
            assertThat(sale.giveBack(units)).isFalse();
            assertThat(sale.isSoldOut(1)).isFalse();
            assertThat(events.reopened).contains(1L);
            assertThat(sale.attempt(1, 2, "b").isAdmitted()).isTrue();
        }
    }

    @Test
    void aSellOutSeenByAnotherEngineIsConfirmedNotAssumed() {
        try (FlashSale a = FlashSale.builder(gate, queue).build();
                FlashSale b = FlashSale.builder(gate, queue).build()) {
            a.launch(activity(1, 4, 4));
            b.launch(activity(1, 4, 4));
            for (int u = 1; u <= 3; u++) {
                assertThat(a.attempt(1, u, "x").isAdmitted()).isTrue();
            }
            // b's view is stale (all shards stocked), the last unit is somewhere: b must still find it.
            assertThat(b.attempt(1, 10, "x").isAdmitted()).isTrue();
            assertThat(b.attempt(1, 11, "x").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            assertThat(b.isSoldOut(1)).isTrue();
        }
    }

    @Test
    void aMissedRestockNotificationIsCaughtByThePeriodicRecheck() {
        gate.deaf = true;
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        try (FlashSale sale = FlashSale.builder(gate, queue).clock(() -> Instant.ofEpochMilli(now.get()))
                .soldOutRecheck(Duration.ofSeconds(5)).build()) {
            sale.launch(activity(1, 1, 1));
            AttemptResult.Admitted first = (AttemptResult.Admitted) sale.attempt(1, 1, "a");
            sale.attempt(1, 2, "a");
            assertThat(sale.isSoldOut(1)).isTrue();
            gate.restore(new HeldUnits(1, 1, first.orderId(), first.shard(), 1)); // behind the engine's back, unheard
            assertThat(sale.attempt(1, 2, "b").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            now.addAndGet(5_000);
            assertThat(sale.attempt(1, 2, "b").isAdmitted()).isTrue();
        }
    }

    @Test
    void failsTypedWhenTheBackendIsDownAndDegradationIsOff() {
        try (FlashSale sale = FlashSale.builder(gate, queue).listener(events).build()) {
            sale.launch(activity(1, 10, 1));
            gate.down = true;
            assertThatThrownBy(() -> sale.attempt(1, 1, "a")).isInstanceOf(BackendUnavailableException.class);
            assertThat(events.failures).isEqualTo(1);
            assertThat(queue.unacknowledged()).isZero();
        }
    }

    @Test
    void degradedAdmissionQueuesDirectlyAndBypassesTheBackendForAWhile() {
        try (FlashSale sale = FlashSale.builder(gate, queue)
                .degradedAdmission(DegradedAdmission.builder().mode(DegradedAdmission.Mode.RANDOM_GATE).passRatio(1.0)
                        .breaker(openOnFirstFailure(Duration.ofHours(1))).build()).build()) {
            sale.launch(activity(1, 10, 1));
            gate.down = true;
            AttemptResult r = sale.attempt(1, 1, "a");
            assertThat(r).isInstanceOfSatisfying(AttemptResult.Admitted.class, a -> {
                assertThat(a.degraded()).isTrue();
                assertThat(a.shard()).isEqualTo(OrderMessage.NO_SHARD);
            });
            int calls = gate.admits.get();
            assertThat(sale.attempt(1, 2, "a").isAdmitted()).isTrue();
            assertThat(gate.admits.get()).as("backend bypassed").isEqualTo(calls);
            assertThat(queue.unacknowledged()).isEqualTo(2);
        }
    }

    @Test
    void aLocalQuotaAdmitsThisJvmsShareThenAnswersSoldOut() {
        try (FlashSale sale = FlashSale.builder(gate, queue)
                .degradedAdmission(DegradedAdmission.builder().mode(DegradedAdmission.Mode.LOCAL_QUOTA)
                        .localQuota(activityId -> 3).breaker(openOnFirstFailure(Duration.ofHours(1))).build())
                .build()) {
            sale.launch(activity(1, 100, 1));
            gate.down = true;
            int admitted = 0;
            for (long user = 1; user <= 10; user++) {
                AttemptResult r = sale.attempt(1, user, "a");
                if (r.isAdmitted()) {
                    admitted++;
                    assertThat(((AttemptResult.Admitted) r).degraded()).isTrue();
                } else {
                    assertThat(r.outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
                }
            }
            assertThat(admitted).as("this JVM's share, no more").isEqualTo(3);
            assertThat(queue.unacknowledged()).isEqualTo(3);
        }
    }

    @Test
    void aBuyerAdmittedAroundTheBackendIsNotAdmittedAgainOnThisJvm() {
        try (FlashSale sale = FlashSale.builder(gate, queue)
                .degradedAdmission(DegradedAdmission.builder().mode(DegradedAdmission.Mode.RANDOM_GATE).passRatio(1.0)
                        .breaker(openOnFirstFailure(Duration.ofMillis(1))).build())
                .build()) {
            sale.launch(activity(1, 100, 1));
            gate.down = true;
            AttemptResult.Admitted first = (AttemptResult.Admitted) sale.attempt(1, 7, "a");
            assertThat(first.degraded()).isTrue();
            AttemptResult replay = sale.attempt(1, 7, "a");
            assertThat(replay).as("the same request: the same order")
                    .isEqualTo(new AttemptResult.Admitted(first.orderId(), OrderMessage.NO_SHARD, true, true));
            gate.down = false;
            assertThat(sale.attempt(1, 7, "again")).as("even once the backend is back")
                    .isEqualTo(new AttemptResult.Duplicate(first.orderId()));
            assertThat(queue.unacknowledged()).isEqualTo(1);
        }
    }

    /**
     * A buyer admitted around the backend retries while that order is still on its way to the queue: the retry is
     * answered "admitted" only once the order is durable, and fails with it when the queue refuses it. Found by the
     * simulation (seeds 6 and 553): the retry was answered at once, and the order it promised was then lost.
     */
    @Test
    void aDegradedReplayIsAdmittedOnlyOnceItsFirstPublicationIsDurable() throws Exception {
        HeldQueue held = new HeldQueue();
        try (FlashSale sale = FlashSale.builder(gate, held)
                .degradedAdmission(DegradedAdmission.builder().mode(DegradedAdmission.Mode.LOCAL_QUOTA)
                        .localQuota(activityId -> 10).breaker(openOnFirstFailure(Duration.ofHours(1))).build())
                .build()) {
            sale.launch(activity(1, 10, 1));
            gate.down = true;
            CompletableFuture<AttemptResult> first = sale.attemptAsync(1, 7, "a", 1).toCompletableFuture();
            CompletableFuture<AttemptResult> retry = sale.attemptAsync(1, 7, "a", 1).toCompletableFuture();
            assertThat(retry).as("not answered before the order is durable").isNotDone();
            held.failAll();
            assertThat(first).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(OrderNotQueuedException.class);
            assertThat(retry).as("the order it would promise was refused")
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(OrderNotQueuedException.class);

            CompletableFuture<AttemptResult> second = sale.attemptAsync(1, 7, "b", 1).toCompletableFuture();
            CompletableFuture<AttemptResult> secondRetry = sale.attemptAsync(1, 7, "b", 1).toCompletableFuture();
            assertThat(secondRetry).isNotDone();
            held.releaseAll();
            long orderId = ((AttemptResult.Admitted) second.get(5, TimeUnit.SECONDS)).orderId();
            assertThat(secondRetry.get(5, TimeUnit.SECONDS))
                    .isEqualTo(new AttemptResult.Admitted(orderId, OrderMessage.NO_SHARD, true, true));
            assertThat(sale.attempt(1, 7, "b")).as("once durable, answered at once")
                    .isEqualTo(new AttemptResult.Admitted(orderId, OrderMessage.NO_SHARD, true, true));
            assertThat(held.published).extracting(OrderMessage::orderId).containsExactly(orderId);
        }
    }

    @Test
    void attemptsBeyondTheShedRateGoAroundAHealthyBackend() {
        try (FlashSale sale = FlashSale.builder(gate, queue)
                .degradedAdmission(DegradedAdmission.builder().mode(DegradedAdmission.Mode.RANDOM_GATE).passRatio(0.0)
                        .shedAbove(5).build())
                .build()) {
            sale.launch(activity(1, 1_000, 1));
            int calls = gate.admits.get();
            int throttled = 0;
            for (long user = 1; user <= 50; user++) {
                if (sale.attempt(1, user, "a").outcome() == AttemptResult.Outcome.THROTTLED) {
                    throttled++;
                }
            }
            assertThat(gate.admits.get() - calls).as("only the rate's worth reached the backend")
                    .isLessThanOrEqualTo(10);
            assertThat(throttled).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void degradedAdmissionThrottlesTheShareItDoesNotPass() {
        try (FlashSale sale = FlashSale.builder(gate, queue)
                .degradedAdmission(DegradedAdmission.queueDirectly(0.0, Duration.ofSeconds(1))).build()) {
            sale.launch(activity(1, 10, 1));
            gate.down = true;
            assertThat(sale.attempt(1, 1, "a").outcome()).isEqualTo(AttemptResult.Outcome.THROTTLED);
            assertThat(queue.unacknowledged()).isZero();
        }
    }

    @Test
    void aReplayThatCannotBeRequeuedIsUnknownAndKeepsItsAdmission() throws Exception {
        FlakyQueue flaky = new FlakyQueue(queue);
        try (FlashSale sale = FlashSale.builder(gate, flaky).build()) {
            sale.launch(activity(1, 5, 1));
            AttemptResult.Admitted first = (AttemptResult.Admitted) sale.attempt(1, 1, "a");
            flaky.refuse = true;
            assertThatThrownBy(() -> sale.attempt(1, 1, "a")).isInstanceOf(AttemptOutcomeUnknownException.class);
            assertThat(sale.remaining(1)).containsExactly(4);
            flaky.refuse = false;
            AttemptResult.Admitted again = (AttemptResult.Admitted) sale.attempt(1, 1, "a");
            assertThat(again.orderId()).isEqualTo(first.orderId());
            assertThat(again.replayed()).isTrue();
        }
    }

    @Test
    void aReplayPublishesTheOrderAsAdmittedAndRejectsAnotherQuantity() throws Exception {
        HeldQueue held = new HeldQueue();
        try (FlashSale sale = FlashSale.builder(gate, held).build()) {
            sale.launch(ActivityConfig.builder(1).stock(10).maxQuantityPerOrder(5)
                    .window(Instant.now().minusSeconds(10), Instant.now().plusSeconds(3600)).build());
            CompletableFuture<AttemptResult> first = sale.attemptAsync(1, 7, "r1", 2).toCompletableFuture();
            held.releaseAll();
            long orderId = ((AttemptResult.Admitted) first.get()).orderId();
            assertThatThrownBy(() -> sale.attempt(1, 7, "r1", 5))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("quantity"));
            CompletableFuture<AttemptResult> again = sale.attemptAsync(1, 7, "r1", 2).toCompletableFuture();
            held.releaseAll();
            assertThat(((AttemptResult.Admitted) again.get()).orderId()).isEqualTo(orderId);
            assertThat(held.published).extracting(OrderMessage::orderId).containsExactly(orderId, orderId);
            assertThat(held.published).extracting(OrderMessage::quantity).containsExactly(2, 2);
            assertThat(sale.remaining(1)).containsExactly(8);
        }
    }

    /** A replay while the first publication is still under way shares its outcome instead of racing it. */
    @Test
    void aReplayJoinsTheFirstPublicationWhenItFails() throws Exception {
        HeldQueue held = new HeldQueue();
        try (FlashSale sale = FlashSale.builder(gate, held).publishTimeout(Duration.ofMillis(100)).build()) {
            sale.launch(activity(1, 5, 1));
            assertThatThrownBy(() -> sale.attempt(1, 7, "r1")).isInstanceOf(AttemptOutcomeUnknownException.class);
            CompletableFuture<AttemptResult> retry = sale.attemptAsync(1, 7, "r1", 1).toCompletableFuture();
            assertThat(retry).isNotDone();
            assertThat(held.pending).hasSize(1);
            held.failAll();
            assertThat(retry).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(OrderNotQueuedException.class);
            assertThat(sale.remaining(1)).as("given back once").containsExactly(5);
            CompletableFuture<AttemptResult> fresh = sale.attemptAsync(1, 7, "r2", 1).toCompletableFuture();
            held.releaseAll();
            assertThat(fresh.get().isAdmitted()).isTrue();
            assertThat(sale.remaining(1)).containsExactly(4);
        }
    }

    /**
     * The replay's answer ("replayed") was decided before the first publication failed and gave the order back, and
     * reaches the engine after: the order is not published again, since its units and the buyer's slot are free.
     */
    @Test
    void aReplayDecidedJustBeforeTheFirstPublicationFailedIsNotQueuedAgain() throws Exception {
        HeldQueue held = new HeldQueue();
        try (FlashSale sale = FlashSale.builder(gate, held).publishTimeout(Duration.ofMillis(100)).build()) {
            sale.launch(activity(1, 5, 1));
            assertThatThrownBy(() -> sale.attempt(1, 7, "r1")).isInstanceOf(AttemptOutcomeUnknownException.class);
            gate.beforeAnswer = held::failAll;
            CompletableFuture<AttemptResult> retry = sale.attemptAsync(1, 7, "r1", 1).toCompletableFuture();
            gate.beforeAnswer = null;
            assertThat(retry).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(OrderNotQueuedException.class);
            assertThat(held.pending).as("not published again").isEmpty();
            assertThat(sale.remaining(1)).as("given back once").containsExactly(5);
        }
    }

    @Test
    void aReplayJoinsTheFirstPublicationWhenItSucceeds() throws Exception {
        HeldQueue held = new HeldQueue();
        try (FlashSale sale = FlashSale.builder(gate, held).publishTimeout(Duration.ofMillis(100)).build()) {
            sale.launch(activity(1, 5, 1));
            assertThatThrownBy(() -> sale.attempt(1, 7, "r1")).isInstanceOf(AttemptOutcomeUnknownException.class);
            CompletableFuture<AttemptResult> retry = sale.attemptAsync(1, 7, "r1", 1).toCompletableFuture();
            held.releaseAll();
            AttemptResult.Admitted admitted = (AttemptResult.Admitted) retry.get(5, TimeUnit.SECONDS);
            assertThat(admitted.replayed()).isTrue();
            assertThat(held.published).as("published once, not raced").hasSize(1);
            assertThat(sale.remaining(1)).containsExactly(4);
        }
    }

    @Test
    void reportsEventsToTheListener() throws Exception {
        try (FlashSale sale = FlashSale.builder(gate, queue).listener(events).build();
                QueueConsumer ignored = queue.consume(batch -> { })) {
            sale.launch(activity(1, 1, 1));
            sale.attempt(1, 1, "a");
            sale.attempt(1, 1, "b");
            sale.attempt(1, 2, "a");
            assertThat(events.admitted).hasSize(1);
            assertThat(events.rejections).containsExactly(AttemptResult.Outcome.DUPLICATE,
                    AttemptResult.Outcome.SOLD_OUT);
        }
    }

    @Test
    void relaunchingWithAnotherConfigurationIsRejected() {
        try (FlashSale sale = FlashSale.builder(gate, queue).build()) {
            ActivityConfig config = activity(1, 5, 1);
            sale.launch(config);
            sale.launch(config);
            assertThatThrownBy(() -> sale.launch(activity(1, 6, 1))).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void activityConfigRejectsImpossibleValues() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> ActivityConfig.builder(0).build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ActivityConfig.builder(1).stock(-1).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ActivityConfig.builder(1).shards(65).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ActivityConfig.builder(1).window(now, now).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ActivityConfig.builder(1).paymentTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aLongRunningEngineKeepsStateForLiveActivitiesOnly() {
        try (FlashSale sale = FlashSale.builder(memory.admissionGate(), queue).listener(events).build()) {
            sale.launch(activity(1, 10, 2));
            for (long id = 1_000; id < 11_000; id++) {
                sale.launch(activity(id, 3, 2));
                assertThat(sale.attempt(id, 7, "r").isAdmitted()).isTrue();
                assertThat(sale.retire(id, BackendData.DROP)).isTrue();
                assertThat(sale.activityCount()).isEqualTo(1);
            }
            assertThat(memory.stockStore().remaining(5_000)).as("backend data dropped").isEmpty();
            assertThat(memory.dedupeGuard().size()).as("only slots of live activities").isZero();
            assertThat(events.retired).hasSize(10_000);
            assertThat(sale.attempt(1, 7, "r").isAdmitted()).as("the live activity is untouched").isTrue();
            assertThat(sale.retire(5_000)).as("retiring twice").isFalse();
            assertThatThrownBy(() -> sale.attempt(5_000, 8, "r")).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("activityId");
        }
    }

    @Test
    void retiringKeepsTheBackendDataForOtherEngines() {
        try (FlashSale a = FlashSale.builder(gate, queue).build();
                FlashSale b = FlashSale.builder(gate, queue).build()) {
            a.launch(activity(1, 4, 2));
            b.launch(activity(1, 4, 2));
            assertThat(a.attempt(1, 1, "r").isAdmitted()).isTrue();
            assertThat(a.retire(1)).isTrue();
            assertThat(a.activity(1)).isEmpty();
            assertThat(b.attempt(1, 2, "r").isAdmitted()).isTrue();
            assertThat(b.attempt(1, 1, "again").outcome()).as("the slot survived the retirement")
                    .isEqualTo(AttemptResult.Outcome.DUPLICATE);
            assertThat(java.util.Arrays.stream(b.remaining(1)).sum()).isEqualTo(2);
        }
    }

    /** A breaker that opens on the first failed admission. */
    static CircuitBreakerConfig openOnFirstFailure(Duration openFor) {
        return CircuitBreakerConfig.custom().slidingWindowSize(1).minimumNumberOfCalls(1).failureRateThreshold(100)
                .waitDurationInOpenState(openFor).recordException(DegradedAdmission::isBackendFailure).build();
    }

    /** Delegates to a real gate, counts admissions, and can play "backend down". */
    private static final class CountingGate implements AdmissionGate {
        final AdmissionGate delegate;
        final AtomicInteger admits = new AtomicInteger();
        volatile boolean down;
        /** Plays a subscriber that misses every restock notification. */
        volatile boolean deaf;
        /** Runs after the backend decided, before its answer reaches the engine. */
        volatile Runnable beforeAnswer;

        CountingGate(AdmissionGate delegate) {
            this.delegate = delegate;
        }

        @Override
        public AdmissionDecision admit(AdmissionRequest request) {
            admits.incrementAndGet();
            if (down) {
                throw new BackendUnavailableException("test", "connection refused", null);
            }
            AdmissionDecision decision = delegate.admit(request);
            Runnable hook = beforeAnswer;
            if (hook != null) {
                hook.run();
            }
            return decision;
        }

        @Override
        public ShardedStockStore stock() {
            return stock;
        }

        @Override
        public DedupeGuard dedupe() {
            return delegate.dedupe();
        }

        @Override
        public void revoke(HeldUnits units) {
            delegate.revoke(units);
        }

        /** The delegate's stock, whose restock notifications the gate can miss. */
        private final ShardedStockStore stock = new ShardedStockStore() {
            private ShardedStockStore real() {
                return delegate.stock();
            }

            @Override
            public boolean load(long activityId, long[] shardStocks) {
                return real().load(activityId, shardStocks);
            }

            @Override
            public TakeResult take(TakeRequest request) {
                return real().take(request);
            }

            @Override
            public Optional<TakenUnits> findTaken(long activityId, long orderId) {
                return real().findTaken(activityId, orderId);
            }

            @Override
            public long removeStock(long activityId, long units, String operationId) {
                return real().removeStock(activityId, units, operationId);
            }

            @Override
            public AdmissionStock snapshot(long activityId) {
                return real().snapshot(activityId);
            }

            @Override
            public boolean restore(long activityId, long orderId, int shard) {
                return real().restore(activityId, orderId, shard);
            }

            @Override
            public void addStock(long activityId, int shard, long units, String operationId) {
                real().addStock(activityId, shard, units, operationId);
            }

            @Override
            public long[] remaining(long activityId) {
                return real().remaining(activityId);
            }

            @Override
            public AutoCloseable onRestock(RestockListener listener) {
                return real().onRestock(id -> {
                    if (!deaf) {
                        listener.restocked(id);
                    }
                });
            }

            @Override
            public void remove(long activityId) {
                real().remove(activityId);
            }
        };
    }

    /** A queue that can refuse publishes, running the compensation as the contract says. */
    private static final class FlakyQueue implements OrderQueue {
        final OrderQueue delegate;
        volatile boolean refuse;

        FlakyQueue(OrderQueue delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
            if (!refuse) {
                return delegate.publish(message, onNotQueued);
            }
            IllegalStateException cause = new IllegalStateException("broker down");
            onNotQueued.notQueued(message, cause);
            return CompletableFuture.failedFuture(new OrderNotQueuedException(message, cause));
        }

        @Override
        public QueueConsumer consume(io.github.seckill.queue.OrderBatchHandler handler) {
            return delegate.consume(handler);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** A queue whose publications complete only when the test says so; refusals run the compensation first. */
    private static final class HeldQueue implements OrderQueue {
        final List<OrderMessage> published = new CopyOnWriteArrayList<>();
        final List<Object[]> pending = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            pending.add(new Object[] {message, onNotQueued, durable});
            return durable;
        }

        @SuppressWarnings("unchecked")
        void releaseAll() {
            for (Object[] p : pending) {
                pending.remove(p);
                published.add((OrderMessage) p[0]);
                ((CompletableFuture<Void>) p[2]).complete(null);
            }
        }

        @SuppressWarnings("unchecked")
        void failAll() {
            for (Object[] p : pending) {
                pending.remove(p);
                IllegalStateException cause = new IllegalStateException("broker gone");
                ((NotQueuedHandler) p[1]).notQueued((OrderMessage) p[0], cause);
                ((CompletableFuture<Void>) p[2]).completeExceptionally(
                        new OrderNotQueuedException((OrderMessage) p[0], cause));
            }
        }

        @Override
        public QueueConsumer consume(io.github.seckill.queue.OrderBatchHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static final class RecordingListener implements SeckillListener {
        final List<OrderMessage> admitted = new CopyOnWriteArrayList<>();
        final List<AttemptResult.Outcome> rejections = new CopyOnWriteArrayList<>();
        final List<Long> soldOut = new CopyOnWriteArrayList<>();
        final List<Long> reopened = new ArrayList<>();
        final List<Long> retired = new CopyOnWriteArrayList<>();
        volatile int failures;

        @Override
        public void retired(long activityId) {
            retired.add(activityId);
        }

        @Override
        public void admitted(OrderMessage order, boolean replayed, boolean degraded) {
            admitted.add(order);
        }

        @Override
        public void rejected(long activityId, long userId, AttemptResult.Outcome outcome) {
            rejections.add(outcome);
        }

        @Override
        public void soldOut(long activityId) {
            soldOut.add(activityId);
        }

        @Override
        public synchronized void reopened(long activityId) {
            reopened.add(activityId);
        }

        @Override
        public synchronized void admissionFailed(long activityId, Throwable cause, boolean degraded) {
            failures++;
        }
    }
}
