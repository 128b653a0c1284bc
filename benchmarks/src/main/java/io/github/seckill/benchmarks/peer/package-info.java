/**
 * Peers: what a Java team would build a flash sale on instead of seckill, run on the same servers as seckill so that
 * the comparison is fair.
 */
@NullMarked
package io.github.seckill.benchmarks.peer;

import org.jspecify.annotations.NullMarked;
