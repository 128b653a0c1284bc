package io.github.seckill.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps up to a fixed number of asynchronous calls in flight: a submission waits for a free slot, and a completion
 * frees one. Driving a benchmark through it measures completions per second at that concurrency, from one thread.
 *
 * <p>It counts calls that answered {@code false} and remembers the first failure, so that a benchmark can refuse
 * figures made of errors or refusals instead of sales.
 */
public final class InFlightWindow {

    private final int size;
    private final Semaphore slots;
    private final LongAdder refused = new LongAdder();
    private final AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();

    /** @param size calls in flight at most, at least one */
    public InFlightWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        this.size = size;
        this.slots = new Semaphore(size);
    }

    /**
     * Waits for a free slot and starts a call in it.
     *
     * @param call starts the call; its stage answers whether it succeeded
     */
    public void submit(Supplier<? extends CompletionStage<Boolean>> call) {
        slots.acquireUninterruptibly();
        CompletionStage<Boolean> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, e);
            slots.release();
            return;
        }
        stage.whenComplete((ok, failure) -> {
            if (failure != null) {
                firstFailure.compareAndSet(null, failure);
            } else if (!Boolean.TRUE.equals(ok)) {
                refused.increment();
            }
            slots.release();
        });
    }

    /** Waits for a free slot, for a call to be started and handed to {@link #track}. */
    public void acquire() {
        slots.acquireUninterruptibly();
    }

    /**
     * Tracks a call started in a slot taken with {@link #acquire()}, with no wrapping of its stage: what the
     * benchmarks' own bookkeeping allocates counts in every figure's allocation per operation, so it is kept to one
     * callback.
     *
     * @param stage the call
     * @param succeeded whether its value is a success
     */
    public <T> void track(CompletionStage<T> stage, Predicate<? super T> succeeded) {
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                firstFailure.compareAndSet(null, failure);
            } else if (!succeeded.test(value)) {
                refused.increment();
            }
            slots.release();
        });
    }

    /**
     * Waits until no call is in flight, then checks that every call so far succeeded.
     *
     * @param timeout the longest to wait
     * @throws IllegalStateException if calls are still in flight after the timeout, failed, or answered {@code false}
     */
    public void drainAndCheck(Duration timeout) {
        try {
            if (!slots.tryAcquire(size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("calls still in flight after " + timeout);
            }
            slots.release(size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining", e);
        }
        Throwable failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException("a call failed; these figures would not be sales", failure);
        }
        if (refused.sum() > 0) {
            throw new IllegalStateException(refused.sum() + " calls were refused although stock never runs out");
        }
    }
}
