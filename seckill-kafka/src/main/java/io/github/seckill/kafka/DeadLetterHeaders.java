package io.github.seckill.kafka;

/**
 * Headers the queue adds to a record it moves to the dead-letter topic. The record keeps the original key, value and
 * headers; these say why and where from. Values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** Why the record was given up on: the handler's last failure, or why it could not be read. */
    public static final String REASON = "seckill.dlt.reason";
    /** The topic the record was read from. */
    public static final String ORIGINAL_TOPIC = "seckill.dlt.original.topic";
    /** The partition it was read from, in decimal. */
    public static final String ORIGINAL_PARTITION = "seckill.dlt.original.partition";
    /** Its offset in that partition, in decimal. */
    public static final String ORIGINAL_OFFSET = "seckill.dlt.original.offset";
    /** How many times it was handed to the handler, in decimal; {@code 0} for a record that could not be read. */
    public static final String ATTEMPTS = "seckill.dlt.attempts";
    /** The consumer group that gave up on it. */
    public static final String CONSUMER_GROUP = "seckill.dlt.consumer.group";
    /** When it was given up on, epoch millis in decimal, by the queue's clock. */
    public static final String DEAD_LETTERED_AT = "seckill.dlt.dead.lettered.at";

    private DeadLetterHeaders() {
    }
}
