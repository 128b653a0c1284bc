package io.github.seckill.spring.boot;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The engine's circuit breakers ({@code seckill-queue}, {@code seckill-admission-<activity>}): down while one is open
 * (attempts fail fast, or admission runs degraded), up otherwise; each breaker's state in the details.
 */
final class BreakerHealthIndicator extends AbstractHealthIndicator {

    static final String PREFIX = "seckill-";

    private final CircuitBreakerRegistry breakers;

    BreakerHealthIndicator(CircuitBreakerRegistry breakers) {
        super("seckill breaker health check failed");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, String> states = new TreeMap<>();
        boolean open = false;
        for (CircuitBreaker breaker : breakers.getAllCircuitBreakers()) {
            if (breaker.getName().startsWith(PREFIX)) {
                CircuitBreaker.State state = breaker.getState();
                states.put(breaker.getName(), state.name());
                open |= state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
            }
        }
        (open ? builder.down() : builder.up()).withDetail("breakers", states);
    }
}
