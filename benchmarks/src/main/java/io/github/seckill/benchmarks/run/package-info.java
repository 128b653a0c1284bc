/**
 * The benchmark run behind {@code benchmarks/run.sh}: starts the servers, measures the ceilings, runs the JMH
 * benchmarks against the same servers, and writes the report.
 */
@NullMarked
package io.github.seckill.benchmarks.run;

import org.jspecify.annotations.NullMarked;
