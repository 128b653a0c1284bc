package io.github.seckill.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.SeckillException;
import io.github.seckill.lease.LeaseRequest;
import io.github.seckill.memory.InMemoryLeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeasedWorkerIdTest {

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final InMemoryLeaseStore leases = new InMemoryLeaseStore();

    private LeasedWorkerId acquire(String holder) {
        return LeasedWorkerId.acquire(leases, null, () -> Instant.ofEpochMilli(now.get()), holder);
    }

    @Test
    void twoJvmsNeverShareAWorkerId() {
        LeasedWorkerId a = acquire("a");
        LeasedWorkerId b = acquire("b");
        assertThat(a.workerId()).isNotEqualTo(b.workerId());
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(a.orderIds().nextId());
            ids.add(b.orderIds().nextId());
        }
        assertThat(ids).hasSize(20_000);
        assertThat(SnowflakeOrderIdGenerator.workerId(a.orderIds().nextId())).isEqualTo(a.workerId());
    }

    @Test
    void aClosedWorkerIdIsFreeForTheNextJvm() {
        LeasedWorkerId a = acquire("a");
        int id = a.workerId();
        a.close();
        assertThat(acquire("b").workerId()).isEqualTo(id);
        assertThatThrownBy(() -> a.orderIds().nextId()).isInstanceOf(SeckillException.class);
    }

    @Test
    void idsStopWhenTheLeaseRanOutUnrenewedAndResumeWhenRenewed() {
        LeasedWorkerId a = acquire("a");
        now.addAndGet(Duration.ofSeconds(29).toMillis());
        assertThat(a.orderIds().nextId()).isPositive();
        now.addAndGet(Duration.ofSeconds(2).toMillis());
        assertThatThrownBy(() -> a.orderIds().nextId()).isInstanceOf(SeckillException.class)
                .hasMessageContaining("ran out");
        assertThat(a.renew()).isTrue();
        assertThat(a.orderIds().nextId()).isPositive();
    }

    @Test
    void aRenewalThatFindsTheLeaseTakenStopsTheIds() {
        LeasedWorkerId a = acquire("a");
        now.addAndGet(Duration.ofSeconds(31).toMillis());
        assertThat(leases.tryAcquire(new LeaseRequest("seckill-worker-" + a.workerId(), "thief",
                Instant.ofEpochMilli(now.get()), Duration.ofSeconds(30)))).isTrue();
        assertThat(a.renew()).isFalse();
        assertThatThrownBy(() -> a.orderIds().nextId()).isInstanceOf(SeckillException.class);
    }

    @Test
    void everyWorkerIdTakenIsAClearError() {
        for (int i = 0; i <= SnowflakeOrderIdGenerator.MAX_WORKER_ID; i++) {
            acquire("jvm-" + i);
        }
        assertThatThrownBy(() -> acquire("one-too-many")).isInstanceOf(SeckillException.class)
                .hasMessageContaining("every order id worker id");
    }
}
