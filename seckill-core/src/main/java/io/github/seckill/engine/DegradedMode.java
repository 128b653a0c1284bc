package io.github.seckill.engine;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.event.BreakerState;
import io.github.seckill.event.SeckillListener;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Decides, per attempt, whether the admission backend is used or bypassed: one resilience4j circuit breaker per
 * activity, named {@code seckill-admission-<activity>} in the engine's registry (so a metrics binding of the registry
 * sees them), plus load shedding above {@link DegradedAdmission#shedAbovePerSecond()}. What a bypassed attempt gets is
 * the {@link DegradedAdmission} policy's to say; the admission flow carries it out.
 */
final class DegradedMode {

    private final DegradedAdmission policy;
    private final CircuitBreakerRegistry registry;
    private final CircuitBreakerConfig config;
    private final SeckillListener listener;
    private final LongConsumer onClosed;

    /**
     * @param onClosed told when an activity's breaker closes after probing: the backend is back, reconcile it
     */
    DegradedMode(DegradedAdmission policy, CircuitBreakerRegistry registry, InstantSource clock,
            SeckillListener listener, LongConsumer onClosed) {
        this.policy = policy;
        this.registry = registry;
        this.config = CircuitBreakerConfig.from(policy.breaker()).clock(clock.withZone(ZoneOffset.UTC)).build();
        this.listener = listener;
        this.onClosed = onClosed;
    }

    static String breakerName(long activityId) {
        return "seckill-admission-" + activityId;
    }

    /** Creates the breaker of a newly launched activity. */
    BreakerTransitions breakerFor(long activityId) {
        CircuitBreaker breaker = registry.circuitBreaker(breakerName(activityId), config);
        return new BreakerTransitions(breaker, (from, to) -> {
            listener.admissionBreakerChanged(activityId, from, to);
            if (to == BreakerState.CLOSED) {
                onClosed.accept(activityId);
            }
        });
    }

    /** Forgets the breaker of a retired activity. */
    void remove(long activityId) {
        registry.remove(breakerName(activityId));
    }

    /**
     * @return whether this attempt goes to the backend (holding a permission of the breaker, to be reported with
     *     {@link #succeeded} or {@link #failed}) rather than around it
     */
    boolean usesBackend(ActivityState a, long attemptsThisSecond) {
        long shed = policy.shedAbovePerSecond();
        if (shed > 0 && attemptsThisSecond > shed && policy.mode() != DegradedAdmission.Mode.REJECT) {
            return false;
        }
        boolean permitted = a.breaker.breaker().tryAcquirePermission();
        a.breaker.check();
        return permitted;
    }

    void succeeded(ActivityState a, long nanos) {
        a.breaker.breaker().onSuccess(nanos, TimeUnit.NANOSECONDS);
        a.breaker.check();
    }

    /** Reports a failed backend call; only {@link DegradedAdmission#isBackendFailure} failures count against it. */
    void failed(ActivityState a, long nanos, Throwable failure) {
        a.breaker.breaker().onError(nanos, TimeUnit.NANOSECONDS, failure);
        a.breaker.check();
    }

    DegradedAdmission policy() {
        return policy;
    }

    static BreakerState state(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED -> BreakerState.CLOSED;
            case OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            default -> BreakerState.OTHER;
        };
    }
}
