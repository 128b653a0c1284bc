package io.github.seckill.event;

/** The state of a circuit breaker, as events report it. */
public enum BreakerState {
    /** Calls go through; failures are counted. */
    CLOSED,
    /** Calls are bypassed. */
    OPEN,
    /** A few probe calls go through; their outcome closes or opens the breaker. */
    HALF_OPEN,
    /** Any other state (disabled, forced open, metrics only). */
    OTHER
}
