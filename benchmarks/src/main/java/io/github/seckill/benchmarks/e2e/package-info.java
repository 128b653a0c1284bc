/**
 * End-to-end sales: a whole flash sale through Redis admission, the Kafka queue and the MySQL ledger with the settler
 * running, driven at the SDK level in a child JVM of bounded heap ({@link io.github.seckill.benchmarks.e2e.SdkSale})
 * and over HTTP through the reference app with {@code wrk} ({@link io.github.seckill.benchmarks.e2e.WrkSale}), each
 * held against a figure of the same run.
 */
@NullMarked
package io.github.seckill.benchmarks.e2e;

import org.jspecify.annotations.NullMarked;
