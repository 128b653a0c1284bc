package io.github.seckill.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A request for a named lease, as handed to {@link LeaseStore#tryAcquire}.
 *
 * @param name what is leased, for example {@code seckill-worker-17} or {@code seckill-reconcile-888}
 * @param holder who asks, unique per process (and per purpose within it)
 * @param now the current time, from the caller's clock
 * @param ttl how long the lease holds from {@code now} unless renewed
 */
public record LeaseRequest(String name, String holder, Instant now, Duration ttl) {

    /** @throws IllegalArgumentException on a blank name or holder, or a ttl that is not positive */
    public LeaseRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(ttl, "ttl");
        if (name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("name must be 1..128 characters, not blank");
        }
        if (holder.isBlank() || holder.length() > 128) {
            throw new IllegalArgumentException("holder must be 1..128 characters, not blank");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }
}
