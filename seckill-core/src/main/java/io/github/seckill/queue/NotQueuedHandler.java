package io.github.seckill.queue;

/**
 * What to do when a message could not be made durable: give the admission back. {@link OrderQueue#publish} requires
 * one, so a caller cannot forget the compensation path.
 */
@FunctionalInterface
public interface NotQueuedHandler {

    /**
     * Called at most once per publish, before the publish stage fails. Must not throw; failures to compensate are the
     * handler's to report.
     *
     * @param message the message that was not queued
     * @param cause why
     */
    void notQueued(OrderMessage message, Throwable cause);
}
