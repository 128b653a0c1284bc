package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.seckill.event.BreakerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Transitions are told by comparing states, without an event consumer on the breaker (which costs every call). */
class BreakerTransitionsTest {

    private final List<String> told = new CopyOnWriteArrayList<>();
    private final CircuitBreaker breaker = CircuitBreaker.of("b", CircuitBreakerConfig.custom()
            .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMillis(1)).permittedNumberOfCallsInHalfOpenState(1).build());
    private final BreakerTransitions transitions = new BreakerTransitions(breaker, (from, to) -> told.add(from + ">" + to));

    @Test
    void eachChangeIsToldOnceAndNothingWhenTheStateStays() throws Exception {
        transitions.check();
        assertThat(told).isEmpty();
        fail();
        fail();
        transitions.check();
        transitions.check();
        assertThat(told).containsExactly(BreakerState.CLOSED + ">" + BreakerState.OPEN);
        Thread.sleep(20);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        transitions.check();
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        transitions.check();
        assertThat(told).containsExactly(BreakerState.CLOSED + ">" + BreakerState.OPEN,
                BreakerState.OPEN + ">" + BreakerState.HALF_OPEN, BreakerState.HALF_OPEN + ">" + BreakerState.CLOSED);
    }

    private void fail() {
        breaker.onError(1, TimeUnit.MILLISECONDS, new RuntimeException("down"));
    }
}
