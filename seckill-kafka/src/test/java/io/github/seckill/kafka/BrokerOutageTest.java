package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.kafka.codec.OrderMessageDeserializer;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The broker stops: publishes fail typed within the publish timeout after compensating exactly once, nobody is told
 * "queued", and once the broker is back publishing works again. Through the engine, the admission is given back.
 */
@WithKafka
class BrokerOutageTest {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(3);
    /** How long past the publish timeout a stage may take to fail: scheduling slack on a busy machine. */
    private static final Duration SLACK = Duration.ofSeconds(15);

    @Test
    void publishesDuringAnOutageAreCompensatedOnceAndFailTyped(KafkaEndpoint kafka) throws Exception {
        assumeTrue(kafka.isControllable(), "an external broker cannot be stopped");
        KafkaQueueOptions options = TestKafka.freshOptions("outage").publishTimeout(PUBLISH_TIMEOUT).build();
        long activity = Tck.uniqueId();
        OrderMessage before = TestKafka.order(activity, 0);
        Map<Long, AtomicInteger> compensations = new ConcurrentHashMap<>();
        Set<String> compensatingThreads = ConcurrentHashMap.newKeySet();
        List<OrderMessage> duringOutage = new ArrayList<>();
        OrderMessage after = TestKafka.order(activity, 1_000);

        try (OrderQueue warm = TestKafka.queue(kafka, options)) {
            TestKafka.publishAll(warm, List.of(before));
            kafka.stop();
            try (OrderQueue cold = SeckillKafka.create(kafka.bootstrapServers()).orderQueue(options)) {
                for (int i = 1; i <= 60; i++) {
                    duringOutage.add(TestKafka.order(activity, i));
                }
                List<CompletableFuture<Void>> stages = new ArrayList<>(Collections.nCopies(60, null));
                long started = System.nanoTime();
                // While no broker answers, send() blocks each caller up to max.block.ms: publish from many threads.
                // Every tenth goes through a queue created during the outage, which never had the topic's metadata.
                Tck.runConcurrently(12, 60, i -> stages.set(i, (i % 10 == 9 ? cold : warm).publish(duringOutage.get(i),
                        (msg, cause) -> {
                            compensatingThreads.add(Thread.currentThread().getName());
                            compensations.computeIfAbsent(msg.orderId(), id -> new AtomicInteger()).incrementAndGet();
                        }).toCompletableFuture()));
                long deadline = started + PUBLISH_TIMEOUT.plus(SLACK).toNanos();
                for (int i = 0; i < stages.size(); i++) {
                    OrderMessage m = duringOutage.get(i);
                    assertThat(failureBefore(stages.get(i), deadline)).isInstanceOfSatisfying(
                            OrderNotQueuedException.class, e -> assertThat(e.order()).isEqualTo(m));
                }
            } finally {
                kafka.start();
            }
            assertThat(compensations.keySet())
                    .containsExactlyInAnyOrderElementsOf(duringOutage.stream().map(OrderMessage::orderId).toList());
            assertThat(compensations.values()).allSatisfy(n -> assertThat(n.get()).isOne());
            assertThat(compensatingThreads).as("compensations never block the producer's I/O thread")
                    .noneMatch(name -> name.startsWith("kafka-producer-network-thread"));

            TestKafka.publishAll(warm, List.of(after));
        }

        assertThat(TestKafka.endOffsets(kafka, options.topic()).values().stream().mapToLong(Long::longValue).sum())
                .as("records on the topic").isEqualTo(2);
        OrderMessageDeserializer reader = new OrderMessageDeserializer();
        Set<OrderMessage> onTopic = TestKafka.readTopic(kafka, options.topic(), 2).stream()
                .map(r -> reader.deserialize(r.value())).collect(Collectors.toSet());
        assertThat(onTopic).as("only the acknowledged orders are on the topic")
                .containsExactlyInAnyOrder(before, after);
    }

    @Test
    @SuppressWarnings("try") // the resources are closed, not used, at the end of the block
    void throughTheEngineTheStockAndTheBuyersSlotsAreGivenBack(KafkaEndpoint kafka) throws Exception {
        assumeTrue(kafka.isControllable(), "an external broker cannot be stopped");
        KafkaQueueOptions options = TestKafka.freshOptions("outage-sale").publishTimeout(PUBLISH_TIMEOUT).build();
        InMemorySeckill memory = InMemorySeckill.create();
        InMemoryStockLedger ledger = memory.stockLedger();
        long activity = Tck.uniqueId();
        ActivityConfig config = ActivityConfig.builder(activity).stock(100).shards(4).build();
        ledger.defineActivity(config.toLedgerActivity());
        int buyers = 20;
        Set<Long> notQueued = ConcurrentHashMap.newKeySet();

        try (OrderQueue queue = TestKafka.queue(kafka, options);
                FlashSale sale = FlashSale.builder(memory.admissionGate(), queue)
                        .publishTimeout(PUBLISH_TIMEOUT.plus(SLACK)).build()) {
            sale.launch(config);
            assertThat(sale.attempt(activity, 1_000, "early")).isInstanceOf(AttemptResult.Admitted.class);
            assertThat(total(sale.remaining(activity))).isEqualTo(99);

            kafka.stop();
            try {
                Tck.runConcurrently(buyers, buyers, i -> {
                    assertThatThrownBy(() -> sale.attempt(activity, 1 + i, "during-" + i))
                            .isInstanceOfSatisfying(OrderNotQueuedException.class,
                                    e -> notQueued.add(e.order().orderId()));
                });
                assertThat(notQueued).hasSize(buyers);
                assertThat(total(sale.remaining(activity))).as("stock given back").isEqualTo(99);
            } finally {
                kafka.start();
            }

            // The queue's breaker opened during the outage: buyers are refused fast ("try again shortly") until
            // its probes find the broker back, so each buyer tries again, as told.
            Tck.runConcurrently(buyers, buyers, i -> assertThat(attemptUntilQueued(sale, activity, 1 + i))
                    .as("buyer %d may try again", 1 + i).isInstanceOf(AttemptResult.Admitted.class));
            assertThat(total(sale.remaining(activity))).isEqualTo(99 - buyers);

            try (OrderSettler settler = OrderSettler.builder(queue, ledger).start()) {
                TestKafka.await("every admitted order settled", Duration.ofSeconds(60),
                        () -> ledger.countOrders(activity).getOrDefault(OrderStatus.PENDING_PAYMENT, 0L) == buyers + 1);
            }
        }
        assertThat(ledger.countOrders(activity)).containsOnly(Map.entry(OrderStatus.PENDING_PAYMENT, buyers + 1L));
        assertThat(notQueued).allSatisfy(id -> assertThat(ledger.findOrder(id)).as("order %d", id).isEmpty());
    }

    private static AttemptResult attemptUntilQueued(FlashSale sale, long activity, long user) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int round = 0; ; round++) {
            try {
                return sale.attempt(activity, user, "after-" + user + "-" + round);
            } catch (OrderNotQueuedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static long total(long[] remaining) {
        return Arrays.stream(remaining).sum();
    }

    /** The stage's failure; fails the test if it succeeds or has not failed by the deadline. */
    private static Throwable failureBefore(CompletableFuture<Void> stage, long deadlineNanos) {
        try {
            stage.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            throw new AssertionError("published during the outage");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no answer within the publish timeout", e);
        }
    }
}
