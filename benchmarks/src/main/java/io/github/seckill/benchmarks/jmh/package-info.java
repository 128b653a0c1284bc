/**
 * JMH benchmarks. Every implementation of a hot path sits behind one {@code @Param}, so that one run measures them
 * side by side on the same machine.
 */
@NullMarked
package io.github.seckill.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
