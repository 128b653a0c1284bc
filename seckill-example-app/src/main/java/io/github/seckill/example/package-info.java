/**
 * The reference application: a command line ({@link io.github.seckill.example.SeckillApp}) whose {@code demo} runs a
 * complete flash sale on the embedded in-memory backend and checks the invariants by counting.
 */
@NullMarked
package io.github.seckill.example;

import org.jspecify.annotations.NullMarked;
