/**
 * In-memory implementations of every SPI: a correct and fast single-JVM flash sale, the embedded default, and the
 * reference the contract tests (TCK) hold every other backend to. Entry point: {@link io.github.seckill.memory.InMemorySeckill}.
 */
@NullMarked
package io.github.seckill.memory;

import org.jspecify.annotations.NullMarked;
