/** Benchmarks of seckill: JMH micro-benchmarks in {@code jmh}, shared fixtures here. */
@NullMarked
package io.github.seckill.benchmarks;

import org.jspecify.annotations.NullMarked;
