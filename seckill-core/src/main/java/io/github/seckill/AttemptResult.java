package io.github.seckill;

/**
 * The answer to one flash-sale attempt. Every business outcome is a value; only infrastructure failures are
 * exceptions. Switch on {@link #outcome()}, or match the records:
 *
 * <pre>{@code
 * AttemptResult r = sale.attempt(activityId, userId, requestId);
 * if (r instanceof AttemptResult.Admitted a) {
 *     return "queued, poll order " + a.orderId();
 * }
 * return r.outcome().name();
 * }</pre>
 */
public sealed interface AttemptResult permits AttemptResult.Admitted, AttemptResult.Duplicate, AttemptResult.Rejected {

    /** What happened to an attempt. */
    enum Outcome {
        /** Admitted, and the order is durably queued; poll its order id for the final result. */
        ADMITTED,
        /** The user already took part in this activity with another request. */
        DUPLICATE,
        /** No stock left. */
        SOLD_OUT,
        /** The activity has not started yet. */
        NOT_STARTED,
        /** The activity has ended. */
        ENDED,
        /** Turned away by the throttle (or by degraded admission) before touching stock. */
        THROTTLED,
        /** The engine is draining before it stops: try another instance. */
        CLOSING
    }

    /** @return what happened */
    Outcome outcome();

    /** @return whether the buyer was admitted and the order queued */
    default boolean isAdmitted() {
        return outcome() == Outcome.ADMITTED;
    }

    /**
     * Admitted: the order is durably queued and will end as an order or an explicit failure.
     *
     * @param orderId the pre-generated order id to poll
     * @param shard the admission shard its units were taken from, or {@code -1} when admitted in degraded mode
     * @param replayed whether this repeats the answer to an earlier attempt with the same request id
     * @param degraded whether it was admitted without the admission layer (the ledger alone guards it)
     */
    record Admitted(long orderId, int shard, boolean replayed, boolean degraded) implements AttemptResult {
        @Override
        public Outcome outcome() {
            return Outcome.ADMITTED;
        }
    }

    /**
     * The user already took part in this activity.
     *
     * @param existingOrderId the order id of the user's earlier admission, or {@code 0} when unknown
     */
    record Duplicate(long existingOrderId) implements AttemptResult {
        @Override
        public Outcome outcome() {
            return Outcome.DUPLICATE;
        }
    }

    /**
     * Turned away without an order: sold out, not started, ended or throttled.
     *
     * @param outcome why
     */
    record Rejected(Outcome outcome) implements AttemptResult {
        /** Sold out. */
        public static final Rejected SOLD_OUT = new Rejected(Outcome.SOLD_OUT);
        /** Not started. */
        public static final Rejected NOT_STARTED = new Rejected(Outcome.NOT_STARTED);
        /** Ended. */
        public static final Rejected ENDED = new Rejected(Outcome.ENDED);
        /** Throttled. */
        public static final Rejected THROTTLED = new Rejected(Outcome.THROTTLED);
        /** The engine is draining. */
        public static final Rejected CLOSING = new Rejected(Outcome.CLOSING);

        /** @throws IllegalArgumentException for outcomes that are not rejections */
        public Rejected {
            if (outcome == Outcome.ADMITTED || outcome == Outcome.DUPLICATE) {
                throw new IllegalArgumentException(outcome + " is not a rejection");
            }
        }
    }
}
