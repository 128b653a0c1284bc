/**
 * Order ids generated at admission: 64-bit, time-ordered and unique across JVMs without coordination, so a buyer can
 * poll for an order before any database row exists.
 */
@NullMarked
package io.github.seckill.id;

import org.jspecify.annotations.NullMarked;
