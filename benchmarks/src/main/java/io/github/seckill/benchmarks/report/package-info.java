/**
 * The benchmark report: figures measured in one run (ceilings and JMH results), the ratios and targets computed from
 * them, and their JSON, Markdown and PNG renderings.
 */
@NullMarked
package io.github.seckill.benchmarks.report;

import org.jspecify.annotations.NullMarked;
