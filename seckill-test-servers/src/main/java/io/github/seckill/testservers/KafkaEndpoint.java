package io.github.seckill.testservers;

import org.jspecify.annotations.Nullable;

/**
 * Where a Kafka broker listens ({@code bootstrap.servers}), and, when the harness started it, controls for
 * fault tests such as "broker stopped".
 *
 * <p>Instances are immutable; the broker keeps its port and its data (topics, offsets) across a restart.
 */
public final class KafkaEndpoint extends ServerEndpoint {

    private final String bootstrapServers;

    KafkaEndpoint(String bootstrapServers, @Nullable ServerControl control) {
        super(control);
        this.bootstrapServers = bootstrapServers;
    }

    /** The value for the clients' {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    String describe() {
        return "Kafka at " + bootstrapServers;
    }

    @Override
    public String toString() {
        return "KafkaEndpoint[" + bootstrapServers + (isControllable() ? "]" : ", external]");
    }
}
