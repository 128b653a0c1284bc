package io.github.seckill.id;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered 64-bit ids: {@code 0 | 41 bits millis since 2024-01-01 | 10 bits worker | 12 bits sequence}.
 *
 * <p>Lock-free: one CAS on a packed {@code (millis, sequence)} word per id. If the wall clock steps back, ids keep
 * counting from the last millisecond issued instead of repeating; if 4096 ids are drawn within one millisecond, the
 * generator borrows the next millisecond, so it never blocks and never repeats.
 */
public final class SnowflakeOrderIdGenerator implements OrderIdGenerator {

    /** 2024-01-01T00:00:00Z: 41 bits of milliseconds last until 2093. */
    public static final long EPOCH_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    static final int WORKER_BITS = 10;
    static final int SEQUENCE_BITS = 12;
    /** The largest worker id, 1023. */
    public static final int MAX_WORKER_ID = (1 << WORKER_BITS) - 1;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final long workerBits;
    private final InstantSource clock;
    /** (millis since epoch << SEQUENCE_BITS) | sequence of the last id issued. */
    private final AtomicLong last = new AtomicLong();

    /**
     * @param workerId this JVM's worker id, 0 to {@value #MAX_WORKER_ID}
     * @param clock the wall clock the ids embed
     */
    public SnowflakeOrderIdGenerator(int workerId, InstantSource clock) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("workerId must be 0.." + MAX_WORKER_ID + ", was " + workerId);
        }
        this.workerBits = (long) workerId << SEQUENCE_BITS;
        this.clock = clock;
    }

    @Override
    public long nextId() {
        long now = (clock.millis() - EPOCH_MILLIS) << SEQUENCE_BITS;
        while (true) {
            long prev = last.get();
            // Same or earlier millisecond (burst, or clock stepped back): continue the sequence of the last one.
            long next = now > prev ? now : prev + 1;
            if (last.compareAndSet(prev, next)) {
                long millis = next >>> SEQUENCE_BITS;
                return (millis << (WORKER_BITS + SEQUENCE_BITS)) | workerBits | (next & SEQUENCE_MASK);
            }
        }
    }

    /** Lazily created JVM-wide default with a random worker id. */
    static final class JvmDefault {
        static final SnowflakeOrderIdGenerator INSTANCE = new SnowflakeOrderIdGenerator(
                new java.security.SecureRandom().nextInt(MAX_WORKER_ID + 1), InstantSource.system());

        private JvmDefault() {
        }
    }

    /**
     * @param orderId an id from this generator
     * @return the epoch millisecond embedded in the id
     */
    public static long timestampMillis(long orderId) {
        return (orderId >>> (WORKER_BITS + SEQUENCE_BITS)) + EPOCH_MILLIS;
    }

    /**
     * @param orderId an id from this generator
     * @return the worker id embedded in the id
     */
    public static int workerId(long orderId) {
        return (int) ((orderId >>> SEQUENCE_BITS) & MAX_WORKER_ID);
    }
}
