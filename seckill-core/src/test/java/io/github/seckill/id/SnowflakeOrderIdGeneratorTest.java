package io.github.seckill.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnowflakeOrderIdGeneratorTest {

    private static final long T0 = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();

    @Test
    void embedsTimeAndWorker() {
        OrderIdGenerator ids = OrderIdGenerator.snowflake(513, InstantSource.fixed(Instant.ofEpochMilli(T0)));
        long id = ids.nextId();
        assertThat(id).isPositive();
        assertThat(SnowflakeOrderIdGenerator.timestampMillis(id)).isEqualTo(T0);
        assertThat(SnowflakeOrderIdGenerator.workerId(id)).isEqualTo(513);
    }

    @Test
    void idsAreIncreasingAcrossABurstWithinOneMillisecond() {
        OrderIdGenerator ids = OrderIdGenerator.snowflake(1, InstantSource.fixed(Instant.ofEpochMilli(T0)));
        long prev = 0;
        for (int i = 0; i < 10_000; i++) {
            long id = ids.nextId();
            assertThat(id).isGreaterThan(prev);
            prev = id;
        }
        // 10,000 ids in one frozen millisecond borrow the next two milliseconds instead of repeating.
        assertThat(SnowflakeOrderIdGenerator.timestampMillis(prev)).isEqualTo(T0 + 2);
    }

    @Test
    void aClockSteppingBackNeverRepeatsAnId() {
        AtomicLong now = new AtomicLong(T0);
        OrderIdGenerator ids = OrderIdGenerator.snowflake(1, () -> Instant.ofEpochMilli(now.get()));
        long before = ids.nextId();
        now.set(T0 - 60_000);
        long after = ids.nextId();
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void workersNeverCollide() {
        InstantSource frozen = InstantSource.fixed(Instant.ofEpochMilli(T0));
        OrderIdGenerator a = OrderIdGenerator.snowflake(1, frozen);
        OrderIdGenerator b = OrderIdGenerator.snowflake(2, frozen);
        Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            assertThat(seen.add(a.nextId())).isTrue();
            assertThat(seen.add(b.nextId())).isTrue();
        }
    }

    @Test
    void concurrentCallersGetDistinctIds() throws Exception {
        OrderIdGenerator ids = OrderIdGenerator.snowflake(7);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int t = 0; t < 16; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    seen.add(ids.nextId());
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(seen).hasSize(16 * 20_000);
    }

    @Test
    void rejectsWorkerIdsOutOfRange() {
        assertThatThrownBy(() -> OrderIdGenerator.snowflake(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderIdGenerator.snowflake(1024)).isInstanceOf(IllegalArgumentException.class);
    }
}
