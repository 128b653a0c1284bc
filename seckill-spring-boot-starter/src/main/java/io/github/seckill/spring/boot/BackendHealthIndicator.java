package io.github.seckill.spring.boot;

import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when one cheap read of a backend answers (admission's stock, the queue's end offsets, the ledger's stock row),
 * down with the failure when it does not.
 */
final class BackendHealthIndicator extends AbstractHealthIndicator {

    /** The read; it throws when the backend does not answer. */
    @FunctionalInterface
    interface Probe {
        void read();
    }

    private final String backend;
    private final Probe probe;

    BackendHealthIndicator(String backend, Probe probe) {
        super("seckill " + backend + " health check failed");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        probe.read();
        builder.up().withDetail("backend", backend);
    }
}
