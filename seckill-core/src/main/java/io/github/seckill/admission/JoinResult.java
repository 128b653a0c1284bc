package io.github.seckill.admission;

/**
 * The answer to a buyer asking to join a waitlist.
 *
 * @param outcome what happened
 * @param position the buyer's position on their shard's waitlist (1 is next) when waiting, else 0
 */
public record JoinResult(Outcome outcome, long position) {

    /** What a join did. */
    public enum Outcome {
        /** The buyer waits now. */
        JOINED,
        /** The buyer was waiting already; nothing changed. */
        ALREADY_WAITING,
        /** The waitlist is full. */
        FULL,
        /** The activity has no waitlist ({@link io.github.seckill.GiveBackPolicy} is not {@code WAITLIST_FIRST}). */
        NO_WAITLIST,
        /** The activity is not sold out: buy instead. */
        NOT_SOLD_OUT,
        /** The buyer holds an order of the activity already. */
        HAS_ORDER,
        /** The activity's window is over (or not open yet). */
        CLOSED
    }

    /**
     * @param outcome a refusal
     * @return the refusal, with no position
     */
    public static JoinResult refused(Outcome outcome) {
        return new JoinResult(outcome, 0);
    }

    /** @return whether the buyer waits after this call */
    public boolean waiting() {
        return outcome == Outcome.JOINED || outcome == Outcome.ALREADY_WAITING;
    }
}
