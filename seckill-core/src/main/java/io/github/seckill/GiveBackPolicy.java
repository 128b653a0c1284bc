package io.github.seckill;

/**
 * Where the units of a released order (payment failed or timed out, cancelled) go: the design's three answers to
 * "库存回补", from most value to most simplicity.
 */
public enum GiveBackPolicy {
    /** Back to the admission shards, sold to whoever asks next. The default. */
    OPEN_SALE,
    /**
     * First to the head of the activity's waitlist (候补队列): the unit becomes an order of the buyer who waited longest;
     * only when nobody waits does it go back to open sale.
     */
    WAITLIST_FIRST,
    /**
     * Not given back: the ledger counts the units available, admission never sells them again, and reconciliation
     * leaves them be ("接受少卖", undersell accepted for simplicity). The audit reports them.
     */
    NONE
}
