package io.github.seckill.admission;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link DedupeGuard#claim}.
 *
 * @param kind whether the caller now holds the slot, is replaying its own request, or lost to another request
 * @param orderId the order id bound to the slot: the caller's own for {@link Kind#NEW}, the original one otherwise
 * @param requestId the request id that holds the slot, when known
 * @param shard the shard the holder's units were taken from, or {@link #PENDING} when not confirmed yet
 * @param quantity the units the holder took, {@code 0} while pending
 */
public record Claim(Kind kind, long orderId, @Nullable String requestId, int shard, int quantity) {

    /** {@link #shard()} of a claim whose stock take is not confirmed yet. */
    public static final int PENDING = -1;

    /** What a claim found. */
    public enum Kind {
        /** The slot was free and is now held by the caller's request, pending until confirmed. */
        NEW,
        /** The slot is held by the same request id: a retry. {@link #orderId()} is the original order id. */
        REPLAY,
        /** The slot is held by another request of the same user. */
        DUPLICATE
    }

    /** @return whether the holder's stock take is confirmed */
    public boolean confirmed() {
        return shard != PENDING;
    }
}
