package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.ShardBitmapChange;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.shard.Shards;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SharedShardBitmap} must do. Extend it and return a bitmap on a clean backend. */
public abstract class SharedShardBitmapContractTest {

    protected SharedShardBitmap bitmap;
    protected long activity;

    /** @return the bitmap under test */
    protected abstract SharedShardBitmap createBitmap();

    @BeforeEach
    void setUp() {
        bitmap = createBitmap();
        activity = Tck.uniqueId();
    }

    private long read(long activityId) throws Exception {
        return bitmap.emptyShards(activityId).toCompletableFuture().get();
    }

    /** Updates are asynchronous: waits until the bitmap reads {@code expected}, or returns what it reads at last. */
    private long readUntil(long activityId, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long seen = read(activityId);
        while (seen != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
            seen = read(activityId);
        }
        return seen;
    }

    private ShardBitmapChange change(long emptied, long restocked) {
        return new ShardBitmapChange(activity, emptied, restocked, System.currentTimeMillis() + 600_000);
    }

    @Test
    void nothingKnownReadsAsNoShardEmpty() throws Exception {
        assertThat(read(activity)).isZero();
    }

    @Test
    void shardsSeenEmptyAreSetAndRestockedOnesCleared() throws Exception {
        bitmap.update(change(0b1011, 0));
        assertThat(readUntil(activity, 0b1011)).isEqualTo(0b1011);
        bitmap.update(change(0b0100, 0b0001));
        assertThat(readUntil(activity, 0b1110)).isEqualTo(0b1110);
        assertThat(read(activity + 1)).as("another activity").isZero();
    }

    @Test
    void everyShardIndexUpToTheLimitHasItsOwnBit() throws Exception {
        long all = Shards.allMask(Shards.MAX_SHARDS);
        bitmap.update(change(all, 0));
        assertThat(readUntil(activity, all)).isEqualTo(all);
        long high = Shards.bit(Shards.MAX_SHARDS - 1);
        bitmap.update(change(0, all & ~high));
        assertThat(readUntil(activity, high)).isEqualTo(high);
    }
}
