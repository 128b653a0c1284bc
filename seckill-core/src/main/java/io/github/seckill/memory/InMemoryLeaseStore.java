package io.github.seckill.memory;

import io.github.seckill.lease.LeaseRequest;
import io.github.seckill.lease.LeaseStore;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** {@link LeaseStore} in one JVM: right for a single-JVM sale and for tests. Each lease changes by one atomic step. */
public final class InMemoryLeaseStore implements LeaseStore {

    private record Lease(String holder, Instant until) {
    }

    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

    @Override
    public boolean tryAcquire(LeaseRequest r) {
        Lease mine = new Lease(r.holder(), r.now().plus(r.ttl()));
        Lease held = leases.compute(r.name(), (name, cur) ->
                cur == null || cur.holder().equals(r.holder()) || !cur.until().isAfter(r.now()) ? mine : cur);
        return held == mine;
    }

    @Override
    public void release(String name, String holder) {
        Objects.requireNonNull(holder, "holder");
        leases.computeIfPresent(Objects.requireNonNull(name, "name"),
                (n, cur) -> cur.holder().equals(holder) ? null : cur);
    }

    @Override
    public String toString() {
        return "InMemoryLeaseStore{leases=" + leases.size() + '}';
    }
}
