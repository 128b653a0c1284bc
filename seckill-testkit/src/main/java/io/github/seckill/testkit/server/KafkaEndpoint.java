package io.github.seckill.testkit.server;

import org.jspecify.annotations.Nullable;

/**
 * Where a Kafka broker listens ({@code bootstrap.servers}), and, when the harness started it, controls for
 * fault tests such as "broker stopped".
 *
 * <p>Instances are immutable; the broker keeps its port and its data (topics, offsets) across a restart.
 */
public final class KafkaEndpoint {

    private final String bootstrapServers;
    private final @Nullable ServerControl control;

    KafkaEndpoint(String bootstrapServers, @Nullable ServerControl control) {
        this.bootstrapServers = bootstrapServers;
        this.control = control;
    }

    /** The value for the clients' {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Whether {@link #stop()}, {@link #kill()} and {@link #start()} work: true when the harness started the
     * broker, false for an external one given by {@code SECKILL_KAFKA_BOOTSTRAP}.
     */
    public boolean isControllable() {
        return control != null;
    }

    /** Shuts the broker down gracefully (SIGTERM, controlled shutdown) and waits until it has exited. */
    public void stop() {
        ServerControl.require(control, describe()).stop();
    }

    /** Kills the broker abruptly (SIGKILL) and waits until it has exited. */
    public void kill() {
        ServerControl.require(control, describe()).kill();
    }

    /** Starts the broker again on the same port and data, waiting until it is registered and serving metadata. */
    public void start() {
        ServerControl.require(control, describe()).start();
    }

    /** Whether the harness-started broker process is running; always true for an external broker. */
    public boolean isRunning() {
        return control == null || control.isRunning();
    }

    private String describe() {
        return "Kafka at " + bootstrapServers;
    }

    @Override
    public String toString() {
        return "KafkaEndpoint[" + bootstrapServers + (control == null ? ", external]" : "]");
    }
}
