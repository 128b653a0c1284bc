package io.github.seckill.benchmarks.e2e;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Answers of a sale counted per time bucket (100 ms by default) and per kind, from many threads at once: what the
 * chart of the sale's first seconds is drawn from.
 */
public final class SaleTimeline {

    /** What an attempt was answered. */
    public enum Answer {
        /** Admitted: the order is queued. */
        ADMITTED,
        /** The buyer already has an order. */
        DUPLICATE,
        /** Sold out. */
        SOLD_OUT,
        /** Any other business answer (not started, ended, throttled, closing). */
        OTHER,
        /** An exception: the backend failed or the queue refused. */
        FAILED
    }

    private static final int KINDS = Answer.values().length;

    private final long startNanos;
    private final long bucketNanos;
    private final int buckets;
    private final AtomicLongArray counts;

    /**
     * @param startNanos {@link System#nanoTime()} of the sale's start
     * @param bucketMillis bucket width
     * @param buckets buckets kept; answers after the last one count in the last
     */
    public SaleTimeline(long startNanos, int bucketMillis, int buckets) {
        if (bucketMillis < 1 || buckets < 1) {
            throw new IllegalArgumentException("bucketMillis and buckets must be at least 1");
        }
        this.startNanos = startNanos;
        this.bucketNanos = bucketMillis * 1_000_000L;
        this.buckets = buckets;
        this.counts = new AtomicLongArray(buckets * KINDS);
    }

    /**
     * @param answer what the attempt was answered
     * @param atNanos {@link System#nanoTime()} of the answer
     */
    public void record(Answer answer, long atNanos) {
        long bucket = Math.max(0, (atNanos - startNanos) / bucketNanos);
        int index = (int) Math.min(buckets - 1, bucket);
        counts.incrementAndGet(index * KINDS + answer.ordinal());
    }

    /** @return the bucket width in milliseconds */
    public long bucketMillis() {
        return bucketNanos / 1_000_000L;
    }

    /** @return per kind, the answers in each bucket up to the last bucket holding any */
    public Map<Answer, long[]> series() {
        int last = -1;
        for (int i = 0; i < counts.length(); i++) {
            if (counts.get(i) != 0) {
                last = i / KINDS;
            }
        }
        Map<Answer, long[]> out = new EnumMap<>(Answer.class);
        for (Answer a : Answer.values()) {
            long[] series = new long[last + 1];
            for (int b = 0; b <= last; b++) {
                series[b] = counts.get(b * KINDS + a.ordinal());
            }
            out.put(a, series);
        }
        return out;
    }
}
