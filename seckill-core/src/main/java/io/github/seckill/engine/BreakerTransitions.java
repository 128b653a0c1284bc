package io.github.seckill.engine;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.seckill.event.BreakerState;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Tells a breaker's state changes without subscribing to its events. A resilience4j breaker with any event consumer
 * builds an event, with its timestamp and duration, for every call it records: twice per attempt on the hot path,
 * for one transition in a great many calls. Every call that can move the engine's breakers is the engine's own, so
 * it compares the state after each of them instead ({@link #check()}): one volatile read when nothing changed.
 */
final class BreakerTransitions {

    private final CircuitBreaker breaker;
    private final AtomicReference<CircuitBreaker.State> seen;
    private final BiConsumer<BreakerState, BreakerState> onChange;

    /**
     * @param breaker the breaker
     * @param onChange told {@code (from, to)} once per change seen, on the thread that made it
     */
    BreakerTransitions(CircuitBreaker breaker, BiConsumer<BreakerState, BreakerState> onChange) {
        this.breaker = breaker;
        this.seen = new AtomicReference<>(breaker.getState());
        this.onChange = onChange;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** Tells the change, if the state moved since the last check; one caller tells each change. */
    void check() {
        CircuitBreaker.State now = breaker.getState();
        CircuitBreaker.State before = seen.get();
        if (now != before && before != null && seen.compareAndSet(before, now)) {
            onChange.accept(DegradedMode.state(before), DegradedMode.state(now));
        }
    }
}
