package io.github.seckill.engine;

import io.github.seckill.BackendUnavailableException;
import java.util.random.RandomGenerator;

/**
 * Decides, per attempt, whether the admission backend is used or bypassed, as a small state machine with one class
 * per state: {@link Closed} (use the backend) and {@link Open} (bypass it until a deadline, then try it again). What
 * a bypassed attempt gets is the {@link DegradedAdmission} policy's to say.
 */
final class DegradedMode {

    /** A state of the machine. */
    sealed interface State permits Closed, Open {
        /** @return whether attempts at {@code now} bypass the backend */
        boolean bypassing(long now);
    }

    /** The backend is used. */
    static final class Closed implements State {
        static final Closed INSTANCE = new Closed();

        private Closed() {
        }

        @Override
        public boolean bypassing(long now) {
            return false;
        }

        @Override
        public String toString() {
            return "CLOSED";
        }
    }

    /** The backend failed: attempts bypass it until {@code retryAtMillis}, then the next one tries it again. */
    static final class Open implements State {
        private final long retryAtMillis;

        Open(long retryAtMillis) {
            this.retryAtMillis = retryAtMillis;
        }

        @Override
        public boolean bypassing(long now) {
            return now < retryAtMillis;
        }

        @Override
        public String toString() {
            return "OPEN until " + retryAtMillis;
        }
    }

    private final DegradedAdmission policy;
    private volatile State state = Closed.INSTANCE;

    DegradedMode(DegradedAdmission policy) {
        this.policy = policy;
    }

    /** @return whether an attempt at {@code now} goes around the backend */
    boolean bypassing(long now) {
        return state.bypassing(now);
    }

    /**
     * The backend failed an attempt.
     *
     * @return whether this attempt (and the next ones, for a while) go on without the backend
     */
    boolean onBackendFailure(BackendUnavailableException failure, long now) {
        if (!policy.queuesDirectly()) {
            return false;
        }
        state = new Open(now + policy.retryBackendAfter().toMillis());
        return true;
    }

    /** The backend answered: back to using it. */
    void onBackendSuccess() {
        if (state != Closed.INSTANCE) {
            state = Closed.INSTANCE;
        }
    }

    /** @return whether a bypassing attempt is let through to the queue (the others are throttled) */
    boolean admits(RandomGenerator random) {
        return policy.pass(random);
    }

    State state() {
        return state;
    }
}
