package io.github.seckill.kafka.codec;

import io.github.seckill.queue.OrderMessage;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link OrderMessage} in the current format (1.0, laid out in the
 * {@linkplain io.github.seckill.kafka.codec package documentation}). Stateless and thread-safe.
 */
public final class OrderMessageSerializer implements Serializer<OrderMessage> {

    /**
     * @param message the message
     * @return its bytes, about 25
     */
    public byte[] serialize(OrderMessage message) {
        byte[] out = new byte[Wire.MAX_SIZE];
        int at = 0;
        out[at++] = Wire.VERSION;
        at = writeUnsigned(out, at, message.orderId());
        at = writeUnsigned(out, at, message.activityId());
        at = writeUnsigned(out, at, message.userId());
        at = writeUnsigned(out, at, message.quantity());
        at = writeUnsigned(out, at, message.shard() + 1L);
        at = writeUnsigned(out, at, zigzag(message.admittedAtMillis()));
        return Arrays.copyOf(out, at);
    }

    /**
     * @param topic ignored
     * @param message the message, or {@code null}
     * @return its bytes, or {@code null} for {@code null}
     */
    @Override
    public byte @Nullable [] serialize(String topic, @Nullable OrderMessage message) {
        return message == null ? null : serialize(message);
    }

    /** Unsigned LEB128: seven bits per byte, low bits first, high bit set on every byte but the last. */
    private static int writeUnsigned(byte[] out, int at, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }
}
