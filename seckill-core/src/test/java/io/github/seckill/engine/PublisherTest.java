package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.seckill.AttemptResult;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.shard.ShardPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublisherTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InMemorySeckill memory = InMemorySeckill.create();
    private final AdmissionGate gate = memory.admissionGate();
    private final ManualQueue queue = new ManualQueue();
    private final List<String> events = new ArrayList<>();
    private final Publisher publisher = new Publisher(queue, gate, new SeckillListener() {
        @Override
        public void admitted(OrderMessage order, boolean replayed, boolean degraded) {
            events.add("admitted " + order.orderId() + (replayed ? " replayed" : ""));
        }

        @Override
        public void compensated(OrderMessage order, Throwable cause, boolean compensated) {
            events.add("compensated " + order.orderId() + " " + compensated);
        }
    }, () -> Instant.ofEpochMilli(now.get()), 2_000, CircuitBreaker.ofDefaults("test-queue"));

    private AdmissionRequest admitted(long orderId, long user) {
        AdmissionRequest r = new AdmissionRequest(1, user, "r" + user, orderId, 1, ShardPlan.probing(0), now.get(),
                now.get() + 10_000, now.get() + 3_600_000);
        publisher.open(orderId);
        assertThat(gate.admit(r).admitted()).isTrue();
        return r;
    }

    @Test
    void answersAdmittedOnlyOnceTheQueueHasTheOrderAndForgetsTheSlot() throws Exception {
        gate.stock().load(1, new long[] {5});
        AdmissionRequest r = admitted(100, 1);
        CompletableFuture<AttemptResult> answer = publisher.admitted(r, 100, 0, false).toCompletableFuture();
        assertThat(answer).isNotDone();
        assertThat(publisher.tracked()).isEqualTo(1);
        queue.acknowledge(0);
        assertThat(answer.get()).isEqualTo(new AttemptResult.Admitted(100, 0, false, false));
        assertThat(publisher.tracked()).isZero();
        assertThat(queue.published).extracting(OrderMessage::orderId).containsExactly(100L);
        assertThat(events).containsExactly("admitted 100");
    }

    @Test
    void aRefusedOrderIsCompensatedAndItsFailureRememberedForAWhile() {
        gate.stock().load(1, new long[] {5});
        AdmissionRequest r = admitted(100, 1);
        CompletionStage<AttemptResult> answer = publisher.admitted(r, 100, 0, false);
        queue.refuse(0);
        assertThatThrownBy(() -> answer.toCompletableFuture().get()).hasCauseInstanceOf(OrderNotQueuedException.class);
        assertThat(gate.stock().remaining(1)).as("the unit went back").containsExactly(5);
        assertThat(events).containsExactly("compensated 100 true");
        assertThat(publisher.tracked()).as("remembered for replays in flight").isEqualTo(1);

        // A replay decided before the compensation finds the failure instead of republishing a freed order.
        AdmissionDecision replayed = AdmissionDecision.replayed(100, 0, 1);
        assertThatThrownBy(() -> publisher.replay(r, replayed).toCompletableFuture().get())
                .hasCauseInstanceOf(OrderNotQueuedException.class);
        assertThat(queue.published).hasSize(1);

        now.addAndGet(2_001);
        AdmissionRequest other = admitted(200, 2);
        publisher.admitted(other, 200, 0, false);
        queue.acknowledge(1);
        assertThat(publisher.tracked()).as("forgotten once its memory ran out").isZero();
    }

    @Test
    void aReplayJoinsThePublicationStillUnderWay() throws Exception {
        gate.stock().load(1, new long[] {5});
        AdmissionRequest r = admitted(100, 1);
        publisher.admitted(r, 100, 0, false);
        CompletableFuture<AttemptResult> replay =
                publisher.replay(r, AdmissionDecision.replayed(100, 0, 1)).toCompletableFuture();
        assertThat(replay).isNotDone();
        assertThat(queue.published).as("no second publish while the first is under way").hasSize(1);
        queue.acknowledge(0);
        assertThat(replay.get()).isEqualTo(new AttemptResult.Admitted(100, 0, true, false));
    }

    @Test
    void aReplayWithNoPublicationHereIsPublishedAgainWithoutCompensation() throws Exception {
        gate.stock().load(1, new long[] {5});
        AdmissionRequest r = admitted(100, 1);
        publisher.forget(100); // as if another JVM admitted it
        CompletableFuture<AttemptResult> replay =
                publisher.replay(r, AdmissionDecision.replayed(100, 0, 1)).toCompletableFuture();
        queue.refuse(0);
        assertThatThrownBy(replay::get).isInstanceOf(ExecutionException.class);
        assertThat(gate.stock().remaining(1)).as("a replay's failure never gives the admission back")
                .containsExactly(4);
    }

    @Test
    void aReplayForAnotherQuantityIsRefused() {
        AdmissionRequest r = new AdmissionRequest(1, 1, "r1", 100, 2, ShardPlan.probing(0), now.get(),
                now.get() + 10_000, now.get() + 3_600_000);
        assertThatThrownBy(() -> publisher.replay(r, AdmissionDecision.replayed(100, 0, 1)).toCompletableFuture()
                .get()).hasCauseInstanceOf(InvalidRequestException.class).hasMessageContaining("quantity");
        assertThat(queue.published).isEmpty();
    }

    @Test
    void failuresRememberedAreBoundedInCount() {
        gate.stock().load(1, new long[] {Publisher.MAX_FAILED_PUBLICATIONS + 10});
        for (int i = 0; i < Publisher.MAX_FAILED_PUBLICATIONS + 10; i++) {
            AdmissionRequest r = admitted(1_000 + i, 1 + i);
            publisher.admitted(r, 1_000 + i, 0, false);
            queue.refuse(i);
        }
        assertThat(publisher.tracked()).isLessThanOrEqualTo(Publisher.MAX_FAILED_PUBLICATIONS);
    }

    /** A queue whose publishes complete when the test says. */
    private static final class ManualQueue implements OrderQueue {
        final List<OrderMessage> published = new ArrayList<>();
        final List<CompletableFuture<Void>> stages = new ArrayList<>();
        final List<NotQueuedHandler> compensations = new ArrayList<>();

        @Override
        public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
            published.add(message);
            compensations.add(onNotQueued);
            CompletableFuture<Void> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        }

        void acknowledge(int i) {
            stages.get(i).complete(null);
        }

        void refuse(int i) {
            IllegalStateException cause = new IllegalStateException("broker down");
            compensations.get(i).notQueued(published.get(i), cause);
            stages.get(i).completeExceptionally(new OrderNotQueuedException(published.get(i), cause));
        }

        @Override
        public QueueConsumer consume(OrderBatchHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
