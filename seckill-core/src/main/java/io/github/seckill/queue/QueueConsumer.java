package io.github.seckill.queue;

/** A running consumer of an {@link OrderQueue}. Closing it stops polling after the batch in hand is acknowledged. */
public interface QueueConsumer extends AutoCloseable {

    /** Stops the consumer; waits for the batch in hand to be handled and acknowledged, or abandoned unacknowledged. */
    @Override
    void close();
}
