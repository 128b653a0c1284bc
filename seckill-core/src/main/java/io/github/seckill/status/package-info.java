/**
 * Pushing order updates to buyers across instances: the {@link io.github.seckill.status.OrderStatusFeed} SPI, the
 * listener that publishes the pipeline's events to it, and per-order subscriptions over one feed subscription per
 * activity.
 */
@NullMarked
package io.github.seckill.status;

import org.jspecify.annotations.NullMarked;
