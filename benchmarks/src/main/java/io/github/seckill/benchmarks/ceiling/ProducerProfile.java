package io.github.seckill.benchmarks.ceiling;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the order queue's producer sends, for {@code ProducerPerformance} to send the same: the size of one record
 * and the producer settings that decide throughput.
 *
 * @param recordSize bytes per record value
 * @param properties producer settings ({@code acks}, {@code enable.idempotence}, {@code linger.ms}, ...)
 */
public record ProducerProfile(int recordSize, Map<String, String> properties) {

    /** Sorts the settings, so that reports show them the same way every time. */
    public ProducerProfile {
        properties = new TreeMap<>(properties);
    }

    /**
     * @return a durable producer as the queue must run it (idempotent, {@code acks=all}, Kafka's default linger),
     *     with records the size of an encoded order message
     */
    public static ProducerProfile durableOrders() {
        return new ProducerProfile(32, Map.of("acks", "all", "enable.idempotence", "true", "linger.ms", "5"));
    }
}
