package io.github.seckill.admission;

import io.github.seckill.shard.TakeResult;

/**
 * The answer of an {@link AdmissionGate}.
 *
 * @param outcome admitted, duplicate or sold out
 * @param orderId admitted: the order id (the original one on a replay); duplicate: the holder's order id, or
 *     {@code 0} when unknown; sold out: {@code 0}
 * @param shard admitted: the shard the units were taken from; otherwise {@link TakeResult#NONE}
 * @param quantity admitted: the units the order holds (on a replay, those of the original admission); otherwise
 *     {@code 0}
 * @param replayed admitted: whether this repeats an earlier admission of the same request id
 * @param take what the stock take observed ({@code null}-free: a result that took nothing when no take ran)
 */
public record AdmissionDecision(
        Outcome outcome, long orderId, int shard, int quantity, boolean replayed, TakeResult take) {

    /** The outcome of an admission. */
    public enum Outcome {
        /** Units were taken and the user's slot is confirmed. */
        ADMITTED,
        /** The user already holds the slot through another request. */
        DUPLICATE,
        /** The plan found no stock; the user's slot was left free. */
        SOLD_OUT
    }

    private static final TakeResult NOTHING = TakeResult.none(0, 0);

    /**
     * @param orderId the admitted order
     * @param take what the take did
     * @param quantity the units taken
     * @return an admitted decision
     */
    public static AdmissionDecision admitted(long orderId, TakeResult take, int quantity) {
        return new AdmissionDecision(Outcome.ADMITTED, orderId, take.shard(), quantity, false, take);
    }

    /**
     * @param orderId the admitted order
     * @param shard the shard its units came from
     * @param quantity the units the original admission took
     * @return a replayed admission, found without taking anything
     */
    public static AdmissionDecision replayed(long orderId, int shard, int quantity) {
        return new AdmissionDecision(Outcome.ADMITTED, orderId, shard, quantity, true, NOTHING);
    }

    /**
     * @param holderOrderId the order holding the user's slot, or {@code 0}
     * @return a duplicate decision
     */
    public static AdmissionDecision duplicate(long holderOrderId) {
        return new AdmissionDecision(Outcome.DUPLICATE, holderOrderId, TakeResult.NONE, 0, false, NOTHING);
    }

    /**
     * @param take what the failed take observed
     * @return a sold-out decision
     */
    public static AdmissionDecision soldOut(TakeResult take) {
        return new AdmissionDecision(Outcome.SOLD_OUT, 0, TakeResult.NONE, 0, false, take);
    }

    /** @return whether the user was admitted */
    public boolean admitted() {
        return outcome == Outcome.ADMITTED;
    }
}
