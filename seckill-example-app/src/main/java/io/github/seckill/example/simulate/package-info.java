/** A load simulator that fires buyers at a running app over HTTP and judges the sale by its audit. */
@NullMarked
package io.github.seckill.example.simulate;

import org.jspecify.annotations.NullMarked;
