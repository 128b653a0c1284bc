package io.github.seckill.benchmarks;

import java.util.concurrent.CompletionStage;

/**
 * One way to sell a unit to a buyer, as the admission benchmark drives it: seckill's engine, or a peer a Java user
 * might pick instead. Stock is never the limit in the benchmarks, so every attempt of a new buyer should succeed.
 */
public interface SaleUnderTest extends AutoCloseable {

    /**
     * @param userId a buyer who has not bought yet
     * @return whether the buyer got a unit; fails on an infrastructure error
     */
    CompletionStage<Boolean> buy(long userId);

    /**
     * The same sale through the sale's synchronous API, on the caller's thread: what one buyer waiting for the answer
     * calls, as a thread-per-request server does.
     *
     * @param userId a buyer who has not bought yet
     * @return whether the buyer got a unit; throws on an infrastructure error
     */
    default boolean buyNow(long userId) {
        return buy(userId).toCompletableFuture().join();
    }

    /**
     * Starts {@link #buy} in a slot of the window; a sale may do it with less bookkeeping of its own.
     *
     * @param userId a buyer who has not bought yet
     * @param window the benchmark's attempts in flight
     */
    default void buy(long userId, InFlightWindow window) {
        window.submit(() -> buy(userId));
    }

    /** Releases the sale's clients and threads; the servers stay up. */
    @Override
    void close();
}
