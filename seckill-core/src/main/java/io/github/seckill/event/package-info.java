/**
 * Events of the flash-sale pipeline, delivered to a {@link io.github.seckill.event.SeckillListener} so that metrics and
 * logs can be bound without a metrics dependency in the core.
 */
@NullMarked
package io.github.seckill.event;

import org.jspecify.annotations.NullMarked;
