package io.github.seckill.example.server;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attempts per buyer and per client address, each a Bucket4j token bucket: a buyer hammering the button, or one
 * address firing for many accounts, is answered {@code 429} before the sale sees it.
 */
final class RateLimits {

    /** Buckets kept before the idle ones are dropped (a bucket refills in a second, so dropping is harmless). */
    private static final int MAX_BUCKETS = 200_000;

    private final int perUser;
    private final int perAddress;
    private final ConcurrentHashMap<Long, Bucket> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> addresses = new ConcurrentHashMap<>();

    /**
     * @param perUser attempts per second one buyer may make (and its burst)
     * @param perAddress attempts per second from one address
     */
    RateLimits(int perUser, int perAddress) {
        if (perUser < 1 || perAddress < 1) {
            throw new IllegalArgumentException("rate limits must be at least 1 per second");
        }
        this.perUser = perUser;
        this.perAddress = perAddress;
    }

    void checkAttempt(long userId, String address) {
        if (!take(users, userId, perUser) || !take(addresses, address, perAddress)) {
            throw new ApiException(429, "THROTTLED", "too many attempts; slow down").retryAfter(1);
        }
    }

    private static <K> boolean take(ConcurrentHashMap<K, Bucket> buckets, K key, int perSecond) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build()).tryConsume(1);
    }
}
