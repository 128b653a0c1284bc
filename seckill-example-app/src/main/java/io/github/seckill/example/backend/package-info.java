/** Where the app's sale runs: in memory, on servers it starts locally, or on servers given by address. */
@NullMarked
package io.github.seckill.example.backend;

import org.jspecify.annotations.NullMarked;
