package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.event.BreakerState;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.tck.OrderMessageBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class QueueMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SeckillMetrics metrics = SeckillMetrics.create(registry);
    private final Meters meters = new Meters(registry);
    private final OrderMessage order = OrderMessageBuilder.order(9).activity(2).build();

    @Test
    void publishesAreTimedDurableOrNot() {
        metrics.published(order, TimeUnit.MILLISECONDS.toNanos(3), true);
        metrics.published(order, TimeUnit.MILLISECONDS.toNanos(5), true);
        metrics.published(order, TimeUnit.MILLISECONDS.toNanos(500), false);

        assertThat(meters.timer(SeckillMeter.PUBLISH_DURATION, "activity", "2", "outcome", "durable").count())
                .isEqualTo(2);
        assertThat(meters.timer(SeckillMeter.PUBLISH_DURATION, "activity", "2", "outcome", "durable")
                .max(TimeUnit.MILLISECONDS)).isEqualTo(5);
        assertThat(meters.timer(SeckillMeter.PUBLISH_DURATION, "outcome", "not_queued").count()).isEqualTo(1);
    }

    @Test
    void compensationsByWhetherTheAdmissionWasGivenBack() {
        BackendUnavailableException kafka = new BackendUnavailableException("kafka", "refused", null);
        metrics.compensated(order, kafka, true);
        metrics.compensated(order, new TimeoutException(), true);
        metrics.compensated(order, kafka, false);

        assertThat(meters.count(SeckillMeter.COMPENSATIONS, "activity", "2", "outcome", "given_back")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.COMPENSATIONS, "outcome", "given_back", "backend", "kafka"))
                .isEqualTo(1);
        assertThat(meters.count(SeckillMeter.COMPENSATIONS, "outcome", "given_back", "exception",
                "TimeoutException", "backend", "none")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.COMPENSATIONS, "outcome", "not_given_back")).isEqualTo(1);
    }

    @Test
    void lagIsTheLastReportPerGroupAndPartition() {
        metrics.consumerLag("orders", 0, 120);
        metrics.consumerLag("orders", 1, 7);
        metrics.consumerLag("orders", 0, 30);
        metrics.consumerLag("in-memory", -1, 4);

        assertThat(meters.gauge(SeckillMeter.QUEUE_LAG, "group", "orders", "partition", "0")).isEqualTo(30);
        assertThat(meters.gauge(SeckillMeter.QUEUE_LAG, "group", "orders", "partition", "1")).isEqualTo(7);
        assertThat(meters.gauge(SeckillMeter.QUEUE_LAG, "group", "in-memory", "partition", "none")).isEqualTo(4);
        assertThat(meters.registered(SeckillMeter.QUEUE_LAG)).isEqualTo(3);
    }

    @Test
    void retriesDeadLettersAndStoppedConsumers() {
        BackendUnavailableException ledgerDown = new BackendUnavailableException("ledger", "down", null);
        metrics.consumeRetry(100, 1, ledgerDown);
        metrics.consumeRetry(100, 2, new RuntimeException("wrapped", ledgerDown));
        metrics.consumeRetry(1, 1, new IllegalArgumentException("poison"));
        metrics.deadLettered(List.of(new DeadLetter(order, "poison", 3),
                new DeadLetter(OrderMessageBuilder.order(10).activity(2).build(), "poison", 3),
                new DeadLetter(null, "unreadable record", 1)));
        metrics.consumerStopped("orders", "consumer-1", new IllegalStateException("fenced"));

        assertThat(meters.count(SeckillMeter.CONSUME_RETRIES, "backend", "ledger")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.CONSUME_RETRIES, "exception", "IllegalArgumentException", "backend",
                "none")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.DEAD_LETTERED, "activity", "2")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.DEAD_LETTERED, "activity", "unknown")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.CONSUMERS_STOPPED, "group", "orders", "exception",
                "IllegalStateException")).isEqualTo(1);
    }

    @Test
    void theQueueBreakerStateAndItsTransitions() {
        assertThat(meters.hasGauge(SeckillMeter.QUEUE_BREAKER_STATE)).isFalse();
        metrics.queueBreakerChanged(BreakerState.CLOSED, BreakerState.OPEN);
        assertThat(meters.gauge(SeckillMeter.QUEUE_BREAKER_STATE)).isEqualTo(1);
        metrics.queueBreakerChanged(BreakerState.OPEN, BreakerState.HALF_OPEN);
        metrics.queueBreakerChanged(BreakerState.HALF_OPEN, BreakerState.OPEN);
        assertThat(meters.gauge(SeckillMeter.QUEUE_BREAKER_STATE)).isEqualTo(1);
        metrics.queueBreakerChanged(BreakerState.OPEN, BreakerState.OTHER);
        assertThat(meters.gauge(SeckillMeter.QUEUE_BREAKER_STATE)).isEqualTo(3);
        assertThat(meters.count(SeckillMeter.QUEUE_BREAKER_TRANSITIONS, "state", "OPEN")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.QUEUE_BREAKER_TRANSITIONS)).isEqualTo(4);
    }
}
