package io.github.seckill.kafka.codec;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record on the order topic is not an order message this code can read: not in the order format, truncated, of a
 * newer major format version, or holding values no order can have. The consumer dead-letters such records.
 */
public class UnreadableMessageException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong with the record, for the dead-letter headers */
    public UnreadableMessageException(String reason) {
        super(reason);
    }

    /**
     * @param reason what is wrong with the record
     * @param cause the failure that revealed it
     */
    public UnreadableMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
