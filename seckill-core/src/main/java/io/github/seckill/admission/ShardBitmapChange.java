package io.github.seckill.admission;

import io.github.seckill.InvalidRequestException;

/**
 * Shards an instance saw empty and shards it saw holding stock, for {@link SharedShardBitmap#update}.
 *
 * @param activityId the activity
 * @param emptied shards seen empty
 * @param restocked shards seen holding stock; disjoint from {@code emptied}
 * @param expiresAtMillis when the bitmap may be dropped with the activity's other admission data
 */
public record ShardBitmapChange(long activityId, long emptied, long restocked, long expiresAtMillis) {

    /** @throws InvalidRequestException naming the field when a shard is both emptied and restocked */
    public ShardBitmapChange {
        if ((emptied & restocked) != 0) {
            throw new InvalidRequestException("restocked", "must not share a shard with emptied, shared "
                    + Long.toBinaryString(emptied & restocked));
        }
    }
}
