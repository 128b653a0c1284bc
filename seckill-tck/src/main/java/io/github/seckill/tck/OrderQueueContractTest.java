package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.QueueMark;
import io.github.seckill.queue.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Contract of an {@link OrderQueue}: durable publish or compensation, batch consumers that acknowledge after the
 * handler, retries, dead letters, and no loss across consumer restarts. Extend it and implement the factories.
 */
public abstract class OrderQueueContractTest {

    /** Short retries, so that dead-lettering tests stay fast. */
    protected static final RetryPolicy FAST_RETRY = RetryPolicy.builder()
            .maxAttempts(3).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /**
     * @param retry how consumers retry
     * @return a fresh, empty queue (its own topic and consumer group)
     */
    protected abstract OrderQueue createQueue(RetryPolicy retry);

    /**
     * @return a queue whose publishes can never become durable (for example: its broker is unreachable), configured
     *     to give up within {@link #publishTimeout()}
     */
    protected abstract OrderQueue createUnavailableQueue();

    /**
     * @return whether the queue keeps messages published while no consumer runs (a broker does); a queue that hands
     *     each publish to a running consumer ({@code DirectOrderQueue}) answers {@code false}, and the suite starts
     *     consumers before publishing
     */
    protected boolean keepsMessagesWithoutConsumer() {
        return true;
    }

    /** @return how long a publish may take to fail when the queue is unavailable */
    protected Duration publishTimeout() {
        return Duration.ofSeconds(30);
    }

    /** @return how long consumption of a few thousand messages may take */
    protected Duration deliveryTimeout() {
        return Duration.ofSeconds(90);
    }

    /**
     * @param resource a queue or consumer
     * @param <T> its type
     * @return the resource, closed after the test
     */
    protected <T extends AutoCloseable> T closeAfter(T resource) {
        toClose.add(resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    private static OrderMessage message(long activity, int i) {
        return OrderMessageBuilder.order(1_000_000L + i).activity(activity).user(1 + i).quantity(1 + i % 3)
                .shard(i % 16).admittedAt(OrderMessageBuilder.ADMITTED_AT + i).build();
    }

    private static void publishAll(OrderQueue queue, List<OrderMessage> messages) throws Exception {
        List<CompletableFuture<Void>> acks = new ArrayList<>(messages.size());
        for (OrderMessage m : messages) {
            acks.add(queue.publish(m, (msg, cause) -> {
                throw new AssertionError("not queued: " + msg, cause);
            }).toCompletableFuture());
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(2, TimeUnit.MINUTES);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + deliveryTimeout().toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Records every delivery, like a ledger that is idempotent by order id. */
    private static class CountingLedger implements OrderBatchHandler {
        final Map<Long, OrderMessage> rows = new ConcurrentHashMap<>();
        final AtomicInteger deliveries = new AtomicInteger();
        final AtomicInteger emptyBatches = new AtomicInteger();

        @Override
        public void handle(List<OrderMessage> batch) {
            if (batch.isEmpty()) {
                emptyBatches.incrementAndGet();
            }
            for (OrderMessage m : batch) {
                deliveries.incrementAndGet();
                rows.putIfAbsent(m.orderId(), m);
            }
        }
    }

    @Test
    void everyPublishedMessageIsConsumedWithAllItsFields() throws Exception {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        long activity = Tck.uniqueId();
        List<OrderMessage> sent = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            sent.add(message(activity, i));
        }
        CountingLedger ledger = new CountingLedger();
        closeAfter(queue.consume(ledger));
        publishAll(queue, sent);
        await("5,000 rows", () -> ledger.rows.size() >= sent.size());
        assertThat(ledger.rows).hasSize(sent.size());
        for (OrderMessage m : sent) {
            assertThat(ledger.rows.get(m.orderId())).isEqualTo(m);
        }
        assertThat(ledger.deliveries.get()).isGreaterThanOrEqualTo(sent.size());
        assertThat(ledger.emptyBatches.get()).isZero();
    }

    @Test
    void twoConsumersShareTheQueueWithoutLosingAnything() throws Exception {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        long activity = Tck.uniqueId();
        CountingLedger ledger = new CountingLedger();
        closeAfter(queue.consume(ledger));
        closeAfter(queue.consume(ledger));
        List<OrderMessage> sent = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            sent.add(message(activity, i));
        }
        publishAll(queue, sent);
        await("10,000 rows", () -> ledger.rows.size() >= sent.size());
        assertThat(ledger.rows.keySet()).containsExactlyInAnyOrderElementsOf(
                sent.stream().map(OrderMessage::orderId).toList());
    }

    @Test
    void aFailingBatchIsRetriedUntilItSucceeds() throws Exception {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        long activity = Tck.uniqueId();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        closeAfter(queue.consume(batch -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("ledger briefly unavailable");
            }
            batch.forEach(m -> handled.add(m.orderId()));
        }));
        publishAll(queue, List.of(message(activity, 1), message(activity, 2)));
        await("both rows", () -> handled.size() == 2);
        assertThat(failuresLeft.get()).isNegative();
    }

    /** A ledger that is down is waited for, far beyond the retry budget: its orders are never dead-lettered. */
    @Test
    void anUnavailableLedgerIsWaitedForNotDeadLettered() throws Exception {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        long activity = Tck.uniqueId();
        int outage = FAST_RETRY.maxAttempts() * 4;
        AtomicInteger failures = new AtomicInteger();
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        List<DeadLetter> dead = new CopyOnWriteArrayList<>();
        closeAfter(queue.consume(new OrderBatchHandler() {
            @Override
            public void handle(List<OrderMessage> batch) {
                if (failures.get() < outage) {
                    failures.incrementAndGet();
                    throw new BackendUnavailableException("ledger", "connection refused", null);
                }
                batch.forEach(m -> handled.add(m.orderId()));
            }

            @Override
            public void deadLettered(List<DeadLetter> letters) {
                dead.addAll(letters);
            }
        }));
        publishAll(queue, List.of(message(activity, 1), message(activity, 2), message(activity, 3)));
        await("the orders handled once the ledger is back", () -> handled.size() == 3);
        assertThat(failures.get()).isEqualTo(outage);
        assertThat(dead).isEmpty();
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndTheRestFlows() throws Exception {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        long activity = Tck.uniqueId();
        OrderMessage poison = message(activity, 13);
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        List<DeadLetter> dead = new CopyOnWriteArrayList<>();
        closeAfter(queue.consume(new OrderBatchHandler() {
            @Override
            public void handle(List<OrderMessage> batch) {
                if (batch.stream().anyMatch(m -> m.orderId() == poison.orderId())) {
                    throw new IllegalArgumentException("cannot settle order " + poison.orderId());
                }
                batch.forEach(m -> handled.add(m.orderId()));
            }

            @Override
            public void deadLettered(List<DeadLetter> letters) {
                dead.addAll(letters);
            }
        }));
        List<OrderMessage> first = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            first.add(message(activity, i));
        }
        publishAll(queue, first);
        await("the poison dead-lettered", () -> !dead.isEmpty());
        publishAll(queue, List.of(message(activity, 100), message(activity, 101)));
        await("the rest handled", () -> handled.size() == 31);
        assertThat(handled).doesNotContain(poison.orderId()).contains(1_000_100L, 1_000_101L);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).message()).isEqualTo(poison);
        assertThat(dead.get(0).reason()).contains("cannot settle order");
        assertThat(dead.get(0).attempts()).isGreaterThanOrEqualTo(FAST_RETRY.maxAttempts());
    }

    /** A mark is settled once every message published before it was handled; later messages do not count. */
    @Test
    void aMarkIsSettledOnceEverythingPublishedBeforeItWasHandled() throws Exception {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        Optional<QueueMark> empty = queue.mark();
        if (empty.isEmpty()) {
            return; // a queue that cannot tell: settledThrough always answers true, nothing to check
        }
        assertThat(queue.settledThrough(empty.get())).as("nothing published before it").isTrue();
        long activity = Tck.uniqueId();
        List<OrderMessage> before = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            before.add(message(activity, i));
        }
        if (!keepsMessagesWithoutConsumer()) {
            aMarkIsSettledOnceThePublishesBeforeItCompleted(queue, before);
            return;
        }
        publishAll(queue, before);
        QueueMark mark = queue.mark().orElseThrow();
        assertThat(queue.settledThrough(mark)).as("nothing consumed yet").isFalse();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CountingLedger ledger = new CountingLedger() {
            @Override
            public void handle(List<OrderMessage> batch) {
                if (batch.stream().anyMatch(m -> m.orderId() >= 2_000_000L)) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.handle(batch);
            }
        };
        closeAfter(queue.consume(ledger));
        await("the marked messages to be handled", () -> ledger.rows.size() >= before.size());
        await("the mark to be settled", () -> queue.settledThrough(mark));
        publishAll(queue, List.of(OrderMessageBuilder.order(2_000_000L).activity(activity).user(9_999).build()));
        assertThat(queue.settledThrough(mark)).as("a message after the mark does not count").isTrue();
        QueueMark later = queue.mark().orElseThrow();
        assertThat(queue.settledThrough(later)).as("held by the consumer").isFalse();
        release.countDown();
        await("the later mark to be settled", () -> queue.settledThrough(later));
    }

    /** A queue that settles on publish: a mark counts the publishes still in a consumer's hands. */
    private void aMarkIsSettledOnceThePublishesBeforeItCompleted(OrderQueue queue, List<OrderMessage> before)
            throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CountingLedger ledger = new CountingLedger() {
            @Override
            public void handle(List<OrderMessage> batch) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.handle(batch);
            }
        };
        closeAfter(queue.consume(ledger));
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (OrderMessage m : before.subList(0, 3)) {
            acks.add(queue.publish(m, (msg, cause) -> {
                throw new AssertionError("not queued: " + msg, cause);
            }).toCompletableFuture());
        }
        QueueMark mark = queue.mark().orElseThrow();
        assertThat(queue.settledThrough(mark)).as("held by the consumer").isFalse();
        release.countDown();
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(1, TimeUnit.MINUTES);
        await("the mark to be settled", () -> queue.settledThrough(mark));
        assertThat(ledger.rows).hasSize(3);
    }

    @Test
    void aClosedConsumersWorkIsPickedUpByTheNextOne() throws Exception {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        long activity = Tck.uniqueId();
        CountingLedger ledger = new CountingLedger();
        QueueConsumer first = queue.consume(ledger);
        List<OrderMessage> sent = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sent.add(message(activity, i));
        }
        publishAll(queue, sent.subList(0, 1_000));
        await("first half", () -> ledger.rows.size() >= 1_000);
        first.close();
        if (!keepsMessagesWithoutConsumer()) {
            closeAfter(queue.consume(ledger));
        }
        publishAll(queue, sent.subList(1_000, 2_000));
        if (keepsMessagesWithoutConsumer()) {
            closeAfter(queue.consume(ledger));
        }
        await("all rows", () -> ledger.rows.size() >= 2_000);
        assertThat(ledger.rows).hasSize(2_000);
    }

    @Test
    void anUndurableMessageIsCompensatedOnceAndFailsTyped() throws Exception {
        OrderQueue queue = closeAfter(createUnavailableQueue());
        OrderMessage m = message(Tck.uniqueId(), 1);
        List<OrderMessage> compensated = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ack = queue.publish(m, (msg, cause) -> compensated.add(msg)).toCompletableFuture();
        long started = System.nanoTime();
        assertThatThrownBy(() -> ack.get(publishTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(OrderNotQueuedException.class,
                        e -> assertThat(e.order()).isEqualTo(m));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThanOrEqualTo(publishTimeout().plusSeconds(15));
        assertThat(compensated).containsExactly(m);
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose: the contract is that publish rejects it
    void publishRequiresACompensation() {
        OrderQueue queue = closeAfter(createQueue(FAST_RETRY));
        assertThatThrownBy(() -> queue.publish(message(Tck.uniqueId(), 1), null))
                .isInstanceOf(NullPointerException.class);
    }
}
