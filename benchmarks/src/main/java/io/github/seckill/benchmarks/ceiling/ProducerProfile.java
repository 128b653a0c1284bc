package io.github.seckill.benchmarks.ceiling;

import io.github.seckill.kafka.codec.OrderMessageSerializer;
import io.github.seckill.queue.OrderMessage;
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
     * @return the producer {@link io.github.seckill.kafka.SeckillKafka} runs for the order queue by default
     *     (idempotent, {@code acks=all}, its 5 ms linger), with records as large as a queued order: the encoded
     *     message plus its 8-byte key (ProducerPerformance sends values only)
     */
    public static ProducerProfile seckillOrderQueue() {
        OrderMessage typical = new OrderMessage(7_391_482_920_117_813_249L, 888, 12_345_678, 1, 3,
                System.currentTimeMillis());
        try (OrderMessageSerializer serializer = new OrderMessageSerializer()) {
            int size = serializer.serialize(typical).length + Long.BYTES;
            return new ProducerProfile(size, Map.of("acks", "all", "enable.idempotence", "true", "linger.ms", "5"));
        }
    }
}
