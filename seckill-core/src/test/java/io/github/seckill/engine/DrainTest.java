package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.QueueMark;
import io.github.seckill.settlement.OrderSettler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainTest {

    /** Buyers keep clicking through a drain: late ones are told CLOSING, every admitted order reaches the ledger. */
    @Test
    void attemptsDuringTheDrainAreRefusedAndEveryAdmittedOrderReachesTheLedger() throws Exception {
        // A slow consumer, so that the queue still holds orders when the drain starts.
        InMemorySeckill memory = InMemorySeckill.builder()
                .orderQueue(InMemoryOrderQueue.builder().batchSize(20).build()).build();
        FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build();
        ActivityConfig config = ActivityConfig.builder(1).stock(100_000)
                .window(Instant.now().minusSeconds(1), Instant.now().plusSeconds(600)).build();
        memory.stockLedger().defineActivity(config.toLedgerActivity());
        sale.launch(config);
        OrderSettler settler = OrderSettler.builder(memory.orderQueue(), memory.stockLedger())
                .maxSettleRate(2_000).start();
        OrderLifecycle lifecycle = OrderLifecycle.builder(sale, memory.stockLedger()).build();

        Set<Long> admitted = ConcurrentHashMap.newKeySet();
        AtomicInteger closing = new AtomicInteger();
        AtomicInteger afterDrainAdmitted = new AtomicInteger();
        AtomicBoolean drained = new AtomicBoolean();
        AtomicLong users = new AtomicLong();
        CountDownLatch running = new CountDownLatch(200);
        ExecutorService buyers = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            buyers.execute(() -> {
                while (closing.get() < 100) {
                    long user = users.incrementAndGet();
                    AttemptResult r = sale.attempt(1, user, "r" + user);
                    boolean afterDrain = drained.get();
                    if (r instanceof AttemptResult.Admitted a) {
                        admitted.add(a.orderId());
                        if (afterDrain) {
                            afterDrainAdmitted.incrementAndGet();
                        }
                    } else if (r.outcome() == AttemptResult.Outcome.CLOSING) {
                        closing.incrementAndGet();
                    }
                    running.countDown();
                }
            });
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        DrainReport report = sale.drain().sweeping(lifecycle).thenClosing(settler, lifecycle)
                .run(Duration.ofSeconds(60));
        drained.set(true);
        buyers.shutdown();
        assertThat(buyers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(report.completed()).as(report.toString()).isTrue();
        assertThat(report.attemptsInFlight()).isZero();
        assertThat(report.publishesInFlight()).isZero();
        assertThat(sale.isClosing()).isTrue();
        assertThat(closing.get()).isGreaterThanOrEqualTo(100);
        assertThat(afterDrainAdmitted.get()).as("nobody admitted once the drain returned").isZero();
        assertThat(admitted).isNotEmpty().allSatisfy(id ->
                assertThat(memory.stockLedger().findOrder(id)).as("order %d", id).isPresent());
        long settled = memory.stockLedger().stock(1).orElseThrow().locked();
        assertThat(settled).as("the ledger holds exactly the admitted orders").isEqualTo(admitted.size());
    }

    /**
     * The queue cannot tell how far it is settled (the broker is down): the drain still ends with a report that says
     * so, the engine closed and everything handed in closed, instead of throwing half-way.
     */
    @Test
    void aQueueThatCannotBeReadEndsTheDrainIncompleteAndStillClosesEverything() {
        InMemorySeckill memory = InMemorySeckill.create();
        OrderQueue down = new OrderQueue() {
            @Override
            public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
                return memory.orderQueue().publish(message, onNotQueued);
            }

            @Override
            public QueueConsumer consume(OrderBatchHandler handler) {
                return memory.orderQueue().consume(handler);
            }

            @Override
            public Optional<QueueMark> mark() {
                throw new BackendUnavailableException("kafka", "could not read the end offsets", null);
            }

            @Override
            public void close() {
                memory.orderQueue().close();
            }
        };
        FlashSale sale = FlashSale.builder(memory.admissionGate(), down).build();
        OrderLifecycle lifecycle = OrderLifecycle.builder(sale, memory.stockLedger()).build();
        AtomicBoolean closed = new AtomicBoolean();

        DrainReport report = sale.drain().sweeping(lifecycle).thenClosing(() -> closed.set(true))
                .run(Duration.ofSeconds(5));

        assertThat(report.completed()).isFalse();
        assertThat(report.queueSettled()).isFalse();
        assertThat(closed).as("what was handed in is closed").isTrue();
        assertThat(sale.isClosing()).isTrue();
    }

    /** The ledger fails the last sweep: the report says the drain is incomplete, and everything is closed. */
    @Test
    void aLastSweepThatFailsEndsTheDrainIncompleteAndStillClosesEverything() {
        InMemorySeckill memory = InMemorySeckill.create();
        StockLedger ledger = memory.stockLedger();
        StockLedger failing = (StockLedger) Proxy.newProxyInstance(StockLedger.class.getClassLoader(),
                new Class<?>[] {StockLedger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("releaseExpired")) {
                        throw new BackendUnavailableException("mysql", "connection refused", null);
                    }
                    try {
                        return method.invoke(ledger, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build();
        OrderLifecycle lifecycle = OrderLifecycle.builder(sale, failing).build();
        AtomicBoolean closed = new AtomicBoolean();

        DrainReport report = sale.drain().sweeping(lifecycle).thenClosing(() -> closed.set(true))
                .run(Duration.ofSeconds(5));

        assertThat(report.completed()).isFalse();
        assertThat(closed).isTrue();
        assertThat(sale.isClosing()).isTrue();
    }
}
