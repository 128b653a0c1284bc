package io.github.seckill.queue;

import org.jspecify.annotations.Nullable;

/**
 * A message the queue gave up on.
 *
 * @param message the order, or {@code null} when the message could not even be read
 * @param reason why it was given up: the last failure, or why it could not be read
 * @param attempts how many times it was handed to the handler
 */
public record DeadLetter(@Nullable OrderMessage message, String reason, int attempts) {
}
