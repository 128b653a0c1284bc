package io.github.seckill.kafka.codec;

import io.github.seckill.queue.OrderMessage;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@link OrderMessage} written in format major version 1, any minor version: fields appended by a newer
 * minor version are skipped. Everything else (a newer major version, a truncated or garbled record, a record with
 * values no order can have, a {@code null} value) is refused with an {@link UnreadableMessageException} naming the
 * problem. Stateless and thread-safe.
 */
public final class OrderMessageDeserializer implements Deserializer<OrderMessage> {

    /**
     * @param data the record value
     * @return the message
     * @throws UnreadableMessageException if the value is not an order message this reader understands
     */
    public OrderMessage deserialize(byte @Nullable [] data) {
        if (data == null || data.length == 0) {
            throw new UnreadableMessageException("empty record value: not an order message");
        }
        int version = data[0] & 0xFF;
        int major = version >>> 4;
        int minor = version & 0x0F;
        if (major > Wire.MAJOR) {
            throw new UnreadableMessageException("order message format " + major + "." + minor
                    + " is newer than this reader (major " + Wire.MAJOR + "); upgrade the consumer");
        }
        if (major < Wire.MAJOR) {
            throw new UnreadableMessageException(String.format(
                    "not an order message: unknown format version byte 0x%02x", version));
        }
        Reader in = new Reader(data);
        long orderId = in.unsigned("order id");
        long activityId = in.unsigned("activity id");
        long userId = in.unsigned("user id");
        long quantity = in.unsigned("quantity");
        long shardPlusOne = in.unsigned("shard");
        long admittedAt = unzigzag(in.unsigned("admission time"));
        if (in.at < data.length && minor <= Wire.MINOR) {
            throw new UnreadableMessageException((data.length - in.at) + " unexpected bytes after an order message "
                    + "of format " + major + "." + minor);
        }
        if (quantity > Integer.MAX_VALUE || shardPlusOne > Integer.MAX_VALUE) {
            throw new UnreadableMessageException(
                    "quantity " + quantity + " or shard " + (shardPlusOne - 1) + " out of range");
        }
        try {
            return new OrderMessage(orderId, activityId, userId, (int) quantity, (int) shardPlusOne - 1, admittedAt);
        } catch (IllegalArgumentException e) {
            throw new UnreadableMessageException("invalid order message: " + e.getMessage(), e);
        }
    }

    /**
     * @param topic ignored
     * @param data the record value
     * @return the message
     * @throws UnreadableMessageException if the value is not an order message this reader understands
     */
    @Override
    public OrderMessage deserialize(String topic, byte @Nullable [] data) {
        return deserialize(data);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /** Reads unsigned LEB128 varints after the version byte. */
    private static final class Reader {
        private final byte[] data;
        private int at = 1;

        Reader(byte[] data) {
            this.data = data;
        }

        long unsigned(String field) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= data.length) {
                    throw new UnreadableMessageException("truncated order message: " + field + " is missing");
                }
                byte b = data[at++];
                if (shift == 63 && (b & 0xFE) != 0) {
                    break;
                }
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new UnreadableMessageException("garbled order message: " + field + " overflows 64 bits");
        }
    }
}
