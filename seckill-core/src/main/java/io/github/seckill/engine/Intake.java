package io.github.seckill.engine;

import io.github.seckill.AttemptResult;
import io.github.seckill.event.SeckillListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The engine's door: whether it still takes attempts (a drain closes it), how many are under way (what a drain waits
 * for), and how long each took until its answer (told to the listener).
 */
final class Intake {

    private volatile boolean closing;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final SeckillListener listener;

    Intake(SeckillListener listener) {
        this.listener = listener;
    }

    /** Runs one synchronous attempt through the door. */
    AttemptResult attempt(long activityId, Supplier<AttemptResult> attempt) {
        long start = System.nanoTime();
        if (!enter()) {
            listener.attemptAnswered(activityId, AttemptResult.Outcome.CLOSING, System.nanoTime() - start);
            return AttemptResult.Rejected.CLOSING;
        }
        try {
            AttemptResult result = attempt.get();
            listener.attemptAnswered(activityId, result.outcome(), System.nanoTime() - start);
            return result;
        } catch (RuntimeException e) {
            listener.attemptFailed(activityId, e, System.nanoTime() - start);
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Runs one asynchronous attempt through the door: it counts as under way until its stage completes. */
    CompletionStage<AttemptResult> attemptAsync(long activityId, Supplier<CompletionStage<AttemptResult>> attempt) {
        long start = System.nanoTime();
        if (!enterAsync(activityId, start)) {
            return CompletableFuture.completedFuture(AttemptResult.Rejected.CLOSING);
        }
        CompletionStage<AttemptResult> stage;
        try {
            stage = attempt.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return whenAnswered(activityId, start, stage);
    }

    /**
     * The first half of {@link #attemptAsync} for callers that run the attempt themselves (no supplier to allocate
     * on the hot path).
     *
     * @param start {@link System#nanoTime()} when the attempt arrived
     * @return whether the attempt may start, then to be handed to {@link #whenAnswered}; when it may not, its
     *     {@link AttemptResult.Rejected#CLOSING} answer has been told to the listener
     */
    boolean enterAsync(long activityId, long start) {
        if (!enter()) {
            listener.attemptAnswered(activityId, AttemptResult.Outcome.CLOSING, System.nanoTime() - start);
            return false;
        }
        return true;
    }

    /** The second half: the attempt counts as under way until its stage completes. */
    CompletionStage<AttemptResult> whenAnswered(long activityId, long start, CompletionStage<AttemptResult> stage) {
        return stage.whenComplete((r, e) -> {
            inFlight.decrementAndGet();
            long nanos = System.nanoTime() - start;
            if (e == null) {
                listener.attemptAnswered(activityId, r.outcome(), nanos);
            } else {
                listener.attemptFailed(activityId, Publisher.unwrap(e), nanos);
            }
        });
    }

    /** @return whether an attempt may start; when it may, it is counted until it ends */
    private boolean enter() {
        if (closing) {
            return false;
        }
        inFlight.incrementAndGet();
        if (closing) {
            // The drain started between the check and the count: it may already have read zero.
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void close() {
        closing = true;
    }

    boolean closing() {
        return closing;
    }

    int inFlight() {
        return inFlight.get();
    }
}
