package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult.Outcome;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.event.BreakerState;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.tck.OrderMessageBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SeckillMetrics metrics = SeckillMetrics.create(registry);
    private final Meters meters = new Meters(registry);

    @Test
    void attemptsAreCountedAndTimedByActivityAndAnswer() {
        for (int i = 0; i < 3; i++) {
            metrics.attemptAnswered(1, Outcome.ADMITTED, TimeUnit.MILLISECONDS.toNanos(2));
        }
        metrics.attemptAnswered(1, Outcome.SOLD_OUT, TimeUnit.MICROSECONDS.toNanos(50));
        metrics.attemptAnswered(1, Outcome.NOT_STARTED, 1);
        metrics.attemptAnswered(2, Outcome.DUPLICATE, 1);
        metrics.attemptAnswered(2, Outcome.CLOSING, 1);

        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "1", "outcome", "ADMITTED", "exception", "none",
                "backend", "none")).isEqualTo(3);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "1", "outcome", "SOLD_OUT")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "1", "outcome", "NOT_STARTED")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "1")).isEqualTo(5);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "2", "outcome", "DUPLICATE")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "2", "outcome", "CLOSING")).isEqualTo(1);

        assertThat(meters.timer(SeckillMeter.ATTEMPT_DURATION, "activity", "1", "outcome", "ADMITTED")
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6);
        assertThat(meters.timer(SeckillMeter.ATTEMPT_DURATION, "activity", "1", "outcome", "SOLD_OUT")
                .max(TimeUnit.MICROSECONDS)).isEqualTo(50);
        assertThat(meters.timed(SeckillMeter.ATTEMPT_DURATION)).isEqualTo(7);
    }

    @Test
    void failuresAreCountedByExceptionAndTheBackendTheyName() {
        OrderMessage order = OrderMessageBuilder.order(5).activity(1).build();
        BackendUnavailableException kafkaDown = new BackendUnavailableException("kafka", "no broker", null);
        metrics.attemptFailed(1, new OrderNotQueuedException(order, kafkaDown), 10);
        metrics.attemptFailed(1, new OrderNotQueuedException(order, kafkaDown), 10);
        metrics.attemptFailed(1, new BackendUnavailableException("redis", "timeout", null), 10);
        metrics.attemptFailed(1, new AttemptOutcomeUnknownException("unknown", null), 10);
        metrics.attemptFailed(1, new InvalidRequestException("userId", "must be positive"), 10);
        metrics.attemptFailed(1, new RuntimeException() { }, 10);

        assertThat(meters.count(SeckillMeter.ATTEMPTS, "outcome", "failed", "exception", "OrderNotQueuedException",
                "backend", "kafka")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "outcome", "failed", "exception",
                "BackendUnavailableException", "backend", "redis")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "exception", "AttemptOutcomeUnknownException", "backend",
                "none")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "exception", "InvalidRequestException")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "exception", getClass().getName() + "$1"))
                .as("an anonymous class by its binary name").isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "outcome", "failed")).isEqualTo(6);
        assertThat(meters.timer(SeckillMeter.ATTEMPT_DURATION, "outcome", "failed").count()).isEqualTo(6);
    }

    @Test
    void aCauseChainThatLoopsEndsTheSearchForABackend() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        metrics.attemptFailed(1, a, 1);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "exception", "RuntimeException", "backend", "none"))
                .isEqualTo(1);
    }

    @Test
    void admissionsAreCountedFirstOrReplayedAndDegradedOrNot() {
        OrderMessage order = OrderMessageBuilder.order(5).activity(3).build();
        metrics.admitted(order, false, false);
        metrics.admitted(order, false, false);
        metrics.admitted(order, true, false);
        metrics.admitted(OrderMessageBuilder.order(6).activity(3).noShard().build(), false, true);

        assertThat(meters.count(SeckillMeter.ADMITTED, "activity", "3", "replayed", "false", "degraded", "false"))
                .isEqualTo(2);
        assertThat(meters.count(SeckillMeter.ADMITTED, "replayed", "true")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ADMITTED, "degraded", "true")).isEqualTo(1);
    }

    @Test
    void backendFailuresSoldOutFlagsAndBreakers() {
        metrics.admissionFailed(4, new BackendUnavailableException("redis", "down", null), true);
        metrics.admissionFailed(4, new BackendUnavailableException("redis", "down", null), false);
        metrics.soldOut(4);
        metrics.reopened(4);
        metrics.soldOut(4);

        assertThat(meters.count(SeckillMeter.ADMISSION_FAILURES, "activity", "4", "backend", "redis",
                "exception", "BackendUnavailableException", "degraded", "true")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ADMISSION_FAILURES, "activity", "4")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.SOLD_OUT, "activity", "4")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.REOPENED, "activity", "4")).isEqualTo(1);

        assertThat(meters.hasGauge(SeckillMeter.ADMISSION_BREAKER_STATE)).as("before any transition").isFalse();
        metrics.admissionBreakerChanged(4, BreakerState.CLOSED, BreakerState.OPEN);
        assertThat(meters.gauge(SeckillMeter.ADMISSION_BREAKER_STATE, "activity", "4")).isEqualTo(1);
        metrics.admissionBreakerChanged(4, BreakerState.OPEN, BreakerState.HALF_OPEN);
        assertThat(meters.gauge(SeckillMeter.ADMISSION_BREAKER_STATE, "activity", "4")).isEqualTo(2);
        metrics.admissionBreakerChanged(5, BreakerState.CLOSED, BreakerState.OPEN);
        metrics.admissionBreakerChanged(4, BreakerState.HALF_OPEN, BreakerState.CLOSED);
        assertThat(meters.gauge(SeckillMeter.ADMISSION_BREAKER_STATE, "activity", "4")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.ADMISSION_BREAKER_STATE, "activity", "5")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ADMISSION_BREAKER_TRANSITIONS, "activity", "4", "state", "OPEN"))
                .isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ADMISSION_BREAKER_TRANSITIONS, "activity", "4")).isEqualTo(3);
    }
}
