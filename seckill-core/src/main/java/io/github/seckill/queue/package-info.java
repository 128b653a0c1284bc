/**
 * The order queue that smooths the peak between admission and the ledger.
 *
 * <p>{@link io.github.seckill.queue.OrderQueue#publish} completes only once a message is durable and forces the caller
 * to say how to compensate when it is not; consumers acknowledge a batch only after its handler returned, retry with a
 * {@link io.github.seckill.queue.RetryPolicy} and dead-letter what still fails.
 */
@NullMarked
package io.github.seckill.queue;

import org.jspecify.annotations.NullMarked;
