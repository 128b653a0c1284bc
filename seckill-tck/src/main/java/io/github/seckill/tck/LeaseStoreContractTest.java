package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.lease.LeaseRequest;
import io.github.seckill.lease.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link LeaseStore}: one holder at a time, renewal by the holder, expiry frees, release frees only
 * the holder's. Extend it and implement {@link #createStore()}.
 */
public abstract class LeaseStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);

    private LeaseStore store;
    private String name;

    /** @return the store under test; it may be shared between tests, which use fresh lease names */
    protected abstract LeaseStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
        name = "lease-" + Tck.uniqueId();
    }

    private boolean acquire(String holder, Instant now) {
        return store.tryAcquire(new LeaseRequest(name, holder, now, TTL));
    }

    @Test
    void oneHolderAtATime() {
        assertThat(acquire("a", T0)).isTrue();
        assertThat(acquire("b", T0.plusSeconds(1))).isFalse();
        assertThat(acquire("a", T0.plusSeconds(2))).as("the holder renews").isTrue();
        assertThat(acquire("b", T0.plusSeconds(11))).as("still held: renewed at +2 s").isFalse();
    }

    @Test
    void anExpiredLeaseIsFree() {
        assertThat(acquire("a", T0)).isTrue();
        assertThat(acquire("b", T0.plus(TTL))).isTrue();
        assertThat(acquire("a", T0.plus(TTL).plusSeconds(1))).isFalse();
    }

    @Test
    void releaseFreesOnlyTheHoldersLease() {
        assertThat(acquire("a", T0)).isTrue();
        store.release(name, "b");
        assertThat(acquire("b", T0.plusSeconds(1))).isFalse();
        store.release(name, "a");
        assertThat(acquire("b", T0.plusSeconds(1))).isTrue();
        store.release("never-taken-" + Tck.uniqueId(), "a");
    }

    @Test
    void leasesAreIndependent() {
        assertThat(acquire("a", T0)).isTrue();
        assertThat(store.tryAcquire(new LeaseRequest(name + "-other", "b", T0, TTL))).isTrue();
    }

    /** 16 threads race for one free lease, 200 times: exactly one wins each round. */
    @Test
    void racingHoldersNeverBothWin() throws Exception {
        for (int round = 0; round < 200; round++) {
            String lease = name + "-" + round;
            Set<String> winners = ConcurrentHashMap.newKeySet();
            AtomicLong tries = new AtomicLong();
            Tck.runConcurrently(16, 16, i -> {
                tries.incrementAndGet();
                if (store.tryAcquire(new LeaseRequest(lease, "holder-" + i, T0, TTL))) {
                    winners.add("holder-" + i);
                }
            });
            assertThat(tries).hasValue(16);
            assertThat(winners).as("round %d", round).hasSize(1);
        }
    }
}
