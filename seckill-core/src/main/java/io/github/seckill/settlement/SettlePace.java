package io.github.seckill.settlement;

import io.github.bucket4j.Bucket;
import io.github.seckill.SeckillException;
import io.github.seckill.queue.OrderMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A settler's maximum settle rate: batches are settled in chunks, each waiting for tokens of a Bucket4j bucket, so the
 * ledger never sees more than the rate over any second while the queue's lag absorbs the rest. The bucket holds one
 * chunk (a twentieth of the rate) and refills the rest of the rate greedily: a second can see at most the burst of
 * one chunk plus a second's refill, which is the rate.
 */
final class SettlePace {

    private final Bucket bucket;
    private final int chunk;

    SettlePace(int ordersPerSecond) {
        if (ordersPerSecond < 2) {
            throw new IllegalArgumentException("maxSettleRate must be >= 2 orders per second, was " + ordersPerSecond);
        }
        this.chunk = Math.max(1, ordersPerSecond / 20);
        long refill = ordersPerSecond - chunk;
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(chunk).refillGreedy(refill, Duration.ofSeconds(1)))
                .build();
    }

    /** @return the batch cut into chunks the bucket can grant at once, in order */
    List<List<OrderMessage>> chunks(List<OrderMessage> batch) {
        List<List<OrderMessage>> out = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += chunk) {
            out.add(batch.subList(from, Math.min(batch.size(), from + chunk)));
        }
        return out;
    }

    /** Waits until {@code orders} may be settled. */
    void await(int orders) {
        try {
            bucket.asBlocking().consume(orders);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeckillException("interrupted while pacing settlement", e);
        }
    }

    int chunk() {
        return chunk;
    }
}
