package io.github.seckill.engine;

/** What {@link FlashSale#retire(long, BackendData)} does with an activity's data in the admission backend. */
public enum BackendData {
    /** Leave it: other engines may still serve the activity, and it expires on its own. */
    KEEP,
    /** Delete it (stock, order records and, where the backend can, users' slots): the activity is over everywhere. */
    DROP
}
