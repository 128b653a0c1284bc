package io.github.seckill.tck;

import io.github.seckill.AttemptOutcomeUnknownException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** Shared sizes and helpers of the contract suites. */
public final class Tck {

    /** Threads of every concurrency check. */
    public static final int THREADS = 16;
    /** Distinct users of every concurrency check. */
    public static final int USERS = 10_000;
    /** Stock of every concurrency check. */
    public static final int STOCK = 1_000;
    /** Shard counts every sharded check runs with. */
    public static final int[] SHARD_COUNTS = {1, 4, 16};

    private static final AtomicLong IDS = new AtomicLong((System.currentTimeMillis() % 100_000_000L) * 1_000);

    private Tck() {
    }

    /**
     * @return an id no other call in this JVM returned, and unlikely to collide with earlier runs against the same
     *     external server
     */
    public static long uniqueId() {
        return IDS.incrementAndGet();
    }

    /**
     * Calls {@code call} again while it reports an attempt still in flight, as a client retrying with the same request
     * id would, for up to ten seconds.
     *
     * @param call the attempt
     * @param <T> its result
     * @return the first definite answer
     */
    public static <T> T retryWhileInFlight(Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return call.get();
            } catch (AttemptOutcomeUnknownException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(200_000);
            }
        }
    }

    /**
     * Runs {@code task(i)} for {@code i} in {@code [0, count)} on {@link #THREADS} threads released at once, and
     * rethrows the first failure.
     *
     * @param count number of tasks
     * @param task the task
     * @throws Exception the first failure of a task
     */
    public static void runConcurrently(int count, IntConsumer task) throws Exception {
        runConcurrently(THREADS, count, task);
    }

    /**
     * @param threads threads to use
     * @param count number of tasks
     * @param task the task, called with each index once
     * @throws Exception the first failure of a task
     */
    public static void runConcurrently(int threads, int count, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong next = new AtomicLong();
        List<Future<Void>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Callable<Void> worker = () -> {
                    start.await();
                    for (long i; (i = next.getAndIncrement()) < count; ) {
                        task.accept((int) i);
                    }
                    return null;
                };
                futures.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
