package io.github.seckill.lease;

/**
 * Named leases shared by every process of a deployment: who may run a singleton job (one reconciler per activity at a
 * time), which worker id a JVM's order ids carry. A lease is held until its time to live runs out unless its holder
 * renews it; a holder that dies frees it by expiry. Losing the race is a return value; an unreachable store is a
 * {@link io.github.seckill.BackendUnavailableException}.
 *
 * <p>Run seckill-tck's {@code LeaseStoreContractTest} on an implementation.
 */
public interface LeaseStore {

    /**
     * Takes the lease if it is free or expired, or renews it if the holder already holds it.
     *
     * @param request the lease, the holder, the time and the new time to live
     * @return whether the holder holds the lease until {@code now + ttl}
     */
    boolean tryAcquire(LeaseRequest request);

    /**
     * Frees the lease if {@code holder} holds it; does nothing otherwise.
     *
     * @param name the lease
     * @param holder its holder
     */
    void release(String name, String holder);
}
