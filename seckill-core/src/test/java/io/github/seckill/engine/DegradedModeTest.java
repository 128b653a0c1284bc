package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.event.BreakerState;
import io.github.seckill.event.SeckillListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DegradedModeTest {

    private static final BackendUnavailableException DOWN = new BackendUnavailableException("redis", "down", null);
    private final AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final List<String> events = new ArrayList<>();
    private final List<Long> closed = new ArrayList<>();
    private final SeckillListener listener = new SeckillListener() {
        @Override
        public void admissionBreakerChanged(long activityId, BreakerState from, BreakerState to) {
            events.add(activityId + ": " + from + " -> " + to);
        }
    };

    private DegradedMode mode(DegradedAdmission policy) {
        return new DegradedMode(policy, CircuitBreakerRegistry.ofDefaults(), () -> Instant.ofEpochMilli(now.get()),
                listener, closed::add);
    }

    private static ActivityState activity(DegradedMode mode, long id) {
        ActivityConfig config = ActivityConfig.builder(id).stock(10)
                .window(Instant.parse("2025-12-31T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z")).build();
        return new ActivityState(config, 0, mode.breakerFor(id));
    }

    @Test
    void unavailabilityAndTimeoutsOpenTheBreakerOtherFailuresDoNot() {
        DegradedMode mode = mode(DegradedAdmission.queueDirectly(1.0, Duration.ofSeconds(2)));
        ActivityState a = activity(mode, 1);
        for (int i = 0; i < 20; i++) {
            assertThat(mode.usesBackend(a, 1)).isTrue();
            mode.failed(a, 1_000, new InvalidRequestException("quantity", "bad"));
        }
        assertThat(a.breaker.breaker().getState()).as("bad input is not the backend's fault").isEqualTo(CircuitBreaker.State.CLOSED);
        now.addAndGet(6_000); // past the 5-second window
        for (int i = 0; i < 10; i++) {
            assertThat(mode.usesBackend(a, 1)).isTrue();
            mode.failed(a, 1_000, i % 2 == 0 ? DOWN
                    : new AttemptOutcomeUnknownException("timed out", new TimeoutException()));
        }
        assertThat(a.breaker.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(mode.usesBackend(a, 1)).as("bypassed while open").isFalse();
        assertThat(events).containsExactly("1: CLOSED -> OPEN");
    }

    @Test
    void slowCallsOpenTheBreakerToo() {
        DegradedMode mode = mode(DegradedAdmission.queueDirectly(1.0, Duration.ofSeconds(2)));
        ActivityState a = activity(mode, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(mode.usesBackend(a, 1)).isTrue();
            mode.succeeded(a, TimeUnit.MILLISECONDS.toNanos(800));
        }
        assertThat(a.breaker.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void afterTheWaitProbesGoThroughAndTheirSuccessClosesTheBreakerAndAsksForReconciliation() {
        DegradedMode mode = mode(DegradedAdmission.queueDirectly(1.0, Duration.ofSeconds(2)));
        ActivityState a = activity(mode, 7);
        for (int i = 0; i < 10; i++) {
            mode.usesBackend(a, 1);
            mode.failed(a, 1_000, DOWN);
        }
        assertThat(mode.usesBackend(a, 1)).isFalse();
        now.addAndGet(2_001);
        int probes = 0;
        while (mode.usesBackend(a, 1)) {
            probes++;
            if (probes == 5) {
                break;
            }
        }
        assertThat(probes).as("a few probes in half-open").isEqualTo(5);
        assertThat(mode.usesBackend(a, 1)).as("only the permitted probes").isFalse();
        for (int i = 0; i < 5; i++) {
            mode.succeeded(a, 1_000);
        }
        assertThat(a.breaker.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(events).containsExactly("7: CLOSED -> OPEN", "7: OPEN -> HALF_OPEN", "7: HALF_OPEN -> CLOSED");
        assertThat(closed).containsExactly(7L);
    }

    @Test
    void attemptsBeyondTheRateAreShedUnlessTheyWouldBeRejected() {
        DegradedMode shedding = mode(DegradedAdmission.builder().mode(DegradedAdmission.Mode.RANDOM_GATE)
                .shedAbove(100).build());
        ActivityState a = activity(shedding, 1);
        assertThat(shedding.usesBackend(a, 100)).isTrue();
        assertThat(shedding.usesBackend(a, 101)).isFalse();
        DegradedMode rejecting = mode(DegradedAdmission.builder().shedAbove(100).build());
        ActivityState b = activity(rejecting, 2);
        assertThat(rejecting.usesBackend(b, 1_000)).as("REJECT never sheds to a degraded path").isTrue();
    }

    @Test
    void theAutomaticGateAdmitsAboutTwiceTheStockLeftPerSecondOfAttempts() {
        DegradedAdmission auto = DegradedAdmission.builder().mode(DegradedAdmission.Mode.RANDOM_GATE).build();
        assertThat(auto.passRatioFor(500, 100_000)).isEqualTo(0.01);
        assertThat(auto.passRatioFor(500, 100)).isEqualTo(1.0);
        assertThat(auto.passRatioFor(0, 100)).isZero();
        assertThat(DegradedAdmission.queueDirectly(0.3, Duration.ofSeconds(1)).passRatioFor(0, 1)).isEqualTo(0.3);
    }

    @Test
    void retiringRemovesTheBreakerFromTheRegistry() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        DegradedMode mode = new DegradedMode(DegradedAdmission.reject(), registry, Instant::now, listener, id -> { });
        mode.breakerFor(5);
        assertThat(registry.find(DegradedMode.breakerName(5))).isPresent();
        mode.remove(5);
        assertThat(registry.find(DegradedMode.breakerName(5))).isEmpty();
    }

    @Test
    void attemptRateCountsPerSecond() {
        AttemptRate rate = new AttemptRate();
        long t = now.get();
        for (int i = 0; i < 50; i++) {
            rate.record(t);
        }
        assertThat(rate.perSecond(t)).isEqualTo(50);
        assertThat(rate.record(t + 1_000)).isEqualTo(1);
        assertThat(rate.perSecond(t + 1_000)).as("the last full second").isEqualTo(50);
        assertThat(rate.record(t + 5_000)).isEqualTo(1);
        assertThat(rate.perSecond(t + 5_000)).isEqualTo(1);
    }
}
