package io.github.seckill.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** Whether the engine still takes attempts, and how many are under way: what a drain waits for. */
final class Intake {

    private volatile boolean closing;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @return whether an attempt may start; when it may, {@link #done()} must follow */
    boolean enter() {
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

    void done() {
        inFlight.decrementAndGet();
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
